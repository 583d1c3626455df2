#pragma once
// BGZF (bgzip, samtools, htslib) is a chain of small gzip members whose
// headers give their own compressed size: a file can be split at member
// starts after reading only headers and trailers.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "workers/input/GzipIndex.hpp"

namespace logmill::workers {

/// Where one gzip member starts: its header's byte and its text's offset.
struct GzipMember {
  std::uint64_t compressedByte = 0;
  std::uint64_t textOffset = 0;
  friend bool operator==(const GzipMember&, const GzipMember&) = default;
};

/// The members of `path` if it is BGZF, found from each header's "BC" extra
/// field (the member size) and each trailer's length, without inflating;
/// nothing if its first member is not BGZF. Throws InputError if a later
/// member is not BGZF or runs past the end of the file. The lengths are the
/// file's word: each member's decoder checks its own when it is read.
[[nodiscard]] std::optional<std::vector<GzipMember>> findBgzfMembers(const std::string& path);

/// An index of a BGZF file made of member starts only (no windows), one
/// every `spacing` text bytes; only the members chosen are inflated, up to
/// their first line end. Nothing if `path` is not BGZF.
[[nodiscard]] std::optional<GzipIndex> buildBgzfIndex(
    const std::string& path, std::uint64_t spacing = GzipIndex::kDefaultSpacing);

}  // namespace logmill::workers
