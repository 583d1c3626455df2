#pragma once
// The project's string hash: 64 bits, the same on every machine and in every
// process (unlike std::hash), well mixed in every bit (HyperLogLog takes its
// registers from the top bits, FlatStringMap its slots from the low ones).
// Its values are on disk (HyperLogLog registers in partials and stores, the
// file hashes of merged partial files): changing it changes those.

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "workers/base/Int128.hpp"

namespace logmill::workers {

namespace hash64Detail {

constexpr std::uint64_t kK0 = 0xa0761d6478bd642full;
constexpr std::uint64_t kK1 = 0xe7037ed1a0b428dbull;
constexpr std::uint64_t kK2 = 0x8ebc6af09c88c6e3ull;

/// The 128-bit product folded to 64 bits (wyhash's mixing step; FlatStringMap's
/// hash mixes with it too).
constexpr std::uint64_t mum(std::uint64_t a, std::uint64_t b) noexcept {
  const UInt128 r = static_cast<UInt128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

/// Up to 8 bytes as a little-endian number (zero above them).
inline std::uint64_t loadLittle(const char* p, std::size_t n) noexcept {
  std::uint64_t v = 0;
  if constexpr (std::endian::native == std::endian::little) {
    if (n == 8) {
      std::memcpy(&v, p, 8);
      return v;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  }
  return v;
}

/// MurmurHash3's finalizer: every input bit reaches every output bit.
constexpr std::uint64_t fmix64(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace hash64Detail

/// A 64-bit hash of `bytes`, stable across machines, processes and versions.
[[nodiscard]] inline std::uint64_t hash64(std::string_view bytes) noexcept {
  using namespace hash64Detail;
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  std::uint64_t h = kK0 ^ static_cast<std::uint64_t>(n);
  for (; n >= 8; p += 8, n -= 8) h = mum(h ^ loadLittle(p, 8), kK1);
  h = mum(h ^ loadLittle(p, n) ^ (std::uint64_t{n} << 59), kK2);
  return fmix64(h);
}

}  // namespace logmill::workers
