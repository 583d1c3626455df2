#pragma once
// Numbers as text, appended to the dataset writers' line buffers (no locale,
// no allocation beyond the buffer's growth).

#include <charconv>
#include <cstdint>
#include <string>

namespace logmill::datasets {

/// `value` in decimal.
inline void appendNumber(std::string& out, std::uint64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

/// `value` with exactly `width` digits (leading zeros).
inline void appendPadded(std::string& out, std::uint64_t value, unsigned width) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  const auto size = static_cast<unsigned>(end - digits);
  out.append(width > size ? width - size : 0, '0');
  out.append(digits, end);
}

/// `value` (0..99) as two digits.
inline void appendTwoDigits(std::string& out, unsigned value) {
  out.push_back(static_cast<char>('0' + value / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

}  // namespace logmill::datasets
