#pragma once
// A GzipIndex on disk: a versioned, checksummed file in a cache directory,
// named after the gzip file's device and inode, and checked against the file
// (size, mtime, the CRC of its ends) before it is trusted.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "workers/input/GzipIndex.hpp"

namespace logmill::workers {

/// The version encodeGzipIndex writes and decodeGzipIndex reads.
inline constexpr std::uint32_t kGzipIndexVersion = 1;

/// $XDG_CACHE_HOME/logmill/index, else ~/.cache/logmill/index; "" if
/// neither variable gives an absolute directory.
[[nodiscard]] std::string defaultGzipIndexDir();

/// The index file name for the file with `key`, within a cache directory.
[[nodiscard]] std::string gzipIndexFileName(const GzipFileKey& key);

/// The index as bytes: header, checkpoints, then a CRC-32 of all of it.
[[nodiscard]] std::string encodeGzipIndex(const GzipIndex& index);

/// The index in `bytes`, or nothing with `*whyNot` saying why: "truncated
/// ...", "corrupt ...", "not a gzip index", "version N, ...". Never trusts a
/// field before checking it.
[[nodiscard]] std::optional<GzipIndex> decodeGzipIndex(std::string_view bytes, std::string* whyNot);

/// Writes `index` into `dir` (created if missing) under gzipIndexFileName():
/// to a new temporary file (O_EXCL), then renamed over the old one, so a
/// reader never sees half a file and two writers never mix. Throws
/// InputError `cannot write gzip index 'FILE': reason`.
void saveGzipIndex(const GzipIndex& index, const std::string& dir);

/// The index of `gzipPath` from `dir` if it is there, intact and still
/// matches the file; otherwise nothing, with `*whyNot` saying why it was
/// refused (e.g. "stale: the file was appended to (size 100 -> 120)",
/// "corrupt (checksum mismatch)", "truncated", "it belongs to another
/// file ...", "version 9, this logmill reads version 1"). `*whyNot` is left
/// empty when there simply is no index: nothing to warn about.
[[nodiscard]] std::optional<GzipIndex> loadGzipIndexOrNull(const std::string& gzipPath,
                                                           const std::string& dir,
                                                           std::string* whyNot);

}  // namespace logmill::workers
