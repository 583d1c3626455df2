#pragma once
// Counts the lines of a run of text (the reference count the prefilter uses).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace logmill::workers {

struct LineCount {
  std::uint64_t lines = 0;     ///< '\n'-terminated lines
  std::uint64_t overlong = 0;  ///< of which longer than maxLine (without "\r\n")
};

/// Whether the line [start, newline) of `text` is overlong as LineReader
/// judges it: more than `maxLine` bytes without a final '\r'.
[[nodiscard]] inline bool isOverlongLine(const char* text, std::size_t start, std::size_t newline,
                                         std::size_t maxLine) noexcept {
  if (newline > start && text[newline - 1] == '\r') --newline;
  return newline - start > maxLine;
}

/// Counts the lines of `text`, which must start at a line start and end just
/// after a '\n' (or be empty). A line is overlong as LineReader judges it:
/// more than `maxLine` bytes once its "\n" or "\r\n" is removed.
[[nodiscard]] LineCount countLines(std::string_view text, std::size_t maxLine) noexcept;

}  // namespace logmill::workers
