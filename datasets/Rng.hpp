#pragma once
// A small deterministic PRNG: xoshiro256** seeded through splitmix64. The
// standard <random> distributions are implementation-defined, so every draw
// the generator makes goes through here to give the same bytes everywhere.

#include <cstdint>

namespace logmill::datasets {

/// One step of splitmix64: advances `state` and returns a well-mixed value.
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  /// Seeds the four state words from `seed` and a `stream` number, so
  /// (seed, file index) pairs give independent sequences.
  explicit Rng(std::uint64_t seed, std::uint64_t stream = 0) {
    std::uint64_t sm = seed ^ (stream * 0xd1342543de82ef95ULL + 0x2545f4914f6cdd1dULL);
    for (auto& word : m_state) word = splitmix64(sm);
  }

  /// A generator in exactly this state (for checking against the reference).
  static Rng fromState(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3) {
    Rng rng(0);
    rng.m_state[0] = s0;
    rng.m_state[1] = s1;
    rng.m_state[2] = s2;
    rng.m_state[3] = s3;
    return rng;
  }

  /// The next 64 random bits (xoshiro256**).
  std::uint64_t next() {
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
  }

  /// Uniform in [0, n) for n > 0 (Lemire's multiply-shift; the tiny bias for
  /// huge n does not matter here, and it is the same on every machine).
  std::uint64_t below(std::uint64_t n) {
    __extension__ typedef unsigned __int128 Wide;
    return static_cast<std::uint64_t>((static_cast<Wide>(next()) * n) >> 64);
  }

  /// Uniform in [lo, hi], inclusive.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

  /// True with probability perMillion / 1,000,000 (integers, so no float
  /// rounding can differ between machines).
  bool chance(std::uint32_t perMillion) { return below(1'000'000) < perMillion; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t m_state[4];
};

}  // namespace logmill::datasets
