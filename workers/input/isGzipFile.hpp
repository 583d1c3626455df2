#pragma once
#include <string>

namespace logmill::workers {

/// True if `path` is a regular file starting with gzip's magic bytes; false
/// for anything else, unreadable files included (their reader reports why).
[[nodiscard]] bool isGzipFile(const std::string& path);

}  // namespace logmill::workers
