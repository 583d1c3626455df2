#pragma once
// Decoding that starts inside a gzip member, at a checkpoint of its index.

#include <cstdint>
#include <memory>
#include <vector>

#include "workers/input/GzipCheckpoint.hpp"
#include "workers/input/Inflater.hpp"
#include "workers/input/InflaterKind.hpp"

namespace logmill::workers {

/// An Inflater that resumes a member at `checkpoint` (not a member start):
/// its first input byte is the one holding checkpoint.compressedBit, and
/// `window` (checkpointWindow()) is the text before it. It decodes the rest
/// of that member's deflate data and its trailer, checking the length (the
/// CRC covers text it never saw), then reports kMemberEnd; after reset() it
/// decodes whole members like makeInflater(kind). kFastest and kIsal resume
/// with ISA-L when the build has it (its dictionary plus the bit buffer
/// preloaded with the first byte's remaining bits), else with zlib
/// (inflatePrime + inflateSetDictionary).
[[nodiscard]] std::unique_ptr<Inflater> makeResumedInflater(InflaterKind kind,
                                                            const GzipCheckpoint& checkpoint,
                                                            std::vector<std::uint8_t> window);

}  // namespace logmill::workers
