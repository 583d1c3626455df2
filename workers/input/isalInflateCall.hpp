#pragma once
// The one isal_inflate call that the whole-member and the resumed inflaters
// share: spans in, an InflateStep out, damage reported in zlib's words and
// at the byte zlib would name.

#ifdef LOGMILL_HAVE_ISAL
#include <isa-l/igzip_lib.h>

#include <cstdint>
#include <span>

#include "workers/input/Inflater.hpp"

namespace logmill::workers {

/// Runs isal_inflate on `state` from `in` into `out` (each capped at 2 GiB).
/// kMemberEnd once the state reaches ISAL_BLOCK_FINISH; kCorrupt with a
/// static detail text when ISA-L reports damage, `consumed` then stopping
/// before the bytes ISA-L had read ahead into its bit buffer.
[[nodiscard]] InflateStep isalInflateCall(inflate_state& state, std::span<const std::uint8_t> in,
                                          std::span<std::uint8_t> out);

}  // namespace logmill::workers
#endif
