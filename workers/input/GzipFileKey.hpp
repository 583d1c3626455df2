#pragma once
#include <cstdint>
#include <string>

namespace logmill::workers {

/// What identifies one version of a file for its cached gzip index: a
/// changed, appended or replaced file gets a different key.
struct GzipFileKey {
  static constexpr std::uint64_t kHashedBytes = 64 << 10;  ///< at each end

  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t mtimeNs = 0;
  std::uint32_t headCrc = 0;  ///< CRC-32 of the first kHashedBytes
  std::uint32_t tailCrc = 0;  ///< CRC-32 of the last kHashedBytes

  /// The key of `path` as it is now. Throws InputError if it cannot be read.
  [[nodiscard]] static GzipFileKey of(const std::string& path);

  /// Why `other` (the file now) is not this key's file, or "" if it is:
  /// e.g. "the file changed (size 100 -> 120)".
  [[nodiscard]] std::string differenceFrom(const GzipFileKey& other) const;

  friend bool operator==(const GzipFileKey&, const GzipFileKey&) = default;
};

}  // namespace logmill::workers
