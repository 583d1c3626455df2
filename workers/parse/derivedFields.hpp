#pragma once
// Classifications of raw fields that users group and filter by.
#include <span>
#include <string_view>

namespace logmill::workers {

/// Extension of the path's last segment, without query string (`?`, `#`,
/// `;params`): the 1..15 letters and digits after its last dot; "" if none
/// (also for dot-files like `/.env`). The view points into `path`, so it keeps
/// the path's case (`PNG`): lower-case it when printing, and compare it
/// case-insensitively.
[[nodiscard]] std::string_view fileExtension(std::string_view path);
/// True when the path names a static asset (GoAccess's default static list).
[[nodiscard]] bool isStaticPath(std::string_view path);
/// Browser family from a User-Agent ("Chrome", "Firefox", "Crawlers", "Unknown"...).
[[nodiscard]] std::string_view browserFamily(std::string_view agent);
/// Operating system family from a User-Agent ("Windows", "Linux", "Unknown"...).
[[nodiscard]] std::string_view osFamily(std::string_view agent);

/// Every value browserFamily can return, "Unknown" last (to validate queries).
[[nodiscard]] std::span<const std::string_view> browserFamilies();
/// Every value osFamily can return, "Unknown" last.
[[nodiscard]] std::span<const std::string_view> osFamilies();

}  // namespace logmill::workers
