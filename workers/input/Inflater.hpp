#pragma once
// One gzip member at a time, behind one interface so that the ISA-L fast path
// and the zlib fallback are interchangeable and tested against the same input.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "workers/input/InflaterKind.hpp"

namespace logmill::workers {

/// What one call to Inflater::inflate did.
struct InflateStep {
  enum class Status { kProgress, kMemberEnd, kCorrupt };
  std::size_t consumed = 0;  ///< compressed bytes taken from `in`
  std::size_t produced = 0;  ///< text bytes written to `out` (valid even if kCorrupt)
  Status status = Status::kProgress;
  const char* detail = "";  ///< why, when kCorrupt (static storage)
  /// The call stopped right after a deflate block that is not the member's
  /// last (block-reporting inflaters only); the last `unusedBits` bits of the
  /// consumed bytes belong to the next block (zlib: fewer than 8; ISA-L has
  /// read ahead, so may hold a few bytes of the next block's header).
  bool atBlockEnd = false;
  std::uint32_t unusedBits = 0;
  std::uint32_t memberCrc = 0;  ///< at a block end: CRC-32 of the member's text so far
};

/// Decodes a gzip member (header, deflate data, CRC-checked trailer).
class Inflater {
 public:
  virtual ~Inflater() = default;
  /// Decodes from `in` into `out` until the input is used up, the output is
  /// full, the member ends (kMemberEnd: `consumed` stops right after its
  /// trailer) or the data is damaged (kCorrupt). Call reset() after a member
  /// ends to decode the next one.
  [[nodiscard]] virtual InflateStep inflate(std::span<const std::uint8_t> in,
                                            std::span<std::uint8_t> out) = 0;
  /// Forgets the current member, ready for a new gzip header.
  virtual void reset() = 0;
  /// "isa-l" or "zlib".
  [[nodiscard]] virtual const char* name() const = 0;
};

/// True when the build links ISA-L.
[[nodiscard]] bool haveIsal();

/// An inflater of the requested kind (see InflaterKind for the fallback).
[[nodiscard]] std::unique_ptr<Inflater> makeInflater(InflaterKind kind = InflaterKind::kFastest);

/// An inflater that reports deflate block ends (InflateStep::atBlockEnd),
/// for building a checkpoint index: about one block end every `spacing`
/// bytes of a member's text, the first one found once `spacing` text bytes
/// have passed since the member's start or the last one reported. With
/// ISA-L (kind kFastest or kIsal) it runs at nearly ISA-L's speed: past each
/// target it feeds the decoder a few bytes at a time until a call ends inside
/// a block header (see Inflater.cpp); a member whose blocks cannot be caught
/// that way gets fewer block ends. zlib (no ISA-L, or kind kZlib) reports
/// every block end. `spacing` 0: no block ends, the same as makeInflater.
[[nodiscard]] std::unique_ptr<Inflater> makeBlockInflater(InflaterKind kind, std::uint64_t spacing);

}  // namespace logmill::workers
