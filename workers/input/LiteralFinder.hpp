#pragma once
// Finds a fixed byte string in text at memory speed: the prefilter that lets
// a query skip lines which cannot match without splitting or parsing them.
//
// The search compares two of the needle's rarest bytes (by a byte-frequency
// ranking of access logs) at their offsets across 32 positions at a time
// (AVX2 when the CPU has it, SSE2 otherwise), and verifies only the
// positions where both agree: the "generic SIMD" substring search.

#include <cstddef>
#include <string>
#include <string_view>

namespace logmill::workers {

class LiteralFinder {
 public:
  /// `needle` must not be empty.
  explicit LiteralFinder(std::string_view needle);

  /// Offset of the first occurrence of the needle in `text`, or npos.
  [[nodiscard]] std::size_t find(std::string_view text) const noexcept;

  [[nodiscard]] const std::string& needle() const noexcept { return m_needle; }
  /// Offsets in the needle of the two bytes a search compares first.
  [[nodiscard]] std::size_t firstOffset() const noexcept { return m_first; }
  [[nodiscard]] std::size_t secondOffset() const noexcept { return m_second; }

 private:
  std::string m_needle;
  std::size_t m_first = 0;  // offsets of the two bytes compared first
  std::size_t m_second = 0;
};

}  // namespace logmill::workers
