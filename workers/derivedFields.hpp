#pragma once
// Classifications of raw fields that users group and filter by.
#include <string_view>

namespace logmill::workers {

/// Lower-case extension of the path's last segment, without query string.
[[nodiscard]] std::string_view fileExtension(std::string_view path);
/// True when the path names a static asset (GoAccess's default static list).
[[nodiscard]] bool isStaticPath(std::string_view path);
/// Browser family from a User-Agent ("Chrome", "Firefox", "Crawlers", "Unknown"...).
[[nodiscard]] std::string_view browserFamily(std::string_view agent);
/// Operating system family from a User-Agent ("Windows", "Linux", "Unknown"...).
[[nodiscard]] std::string_view osFamily(std::string_view agent);

}  // namespace logmill::workers
