#pragma once
// Cuts a text stream into line-aligned blocks: each block holds whole lines
// only (the input's last line may lack its '\n'), so blocks can be mapped
// independently and, in sequence order, give exactly the lines of the input.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <span>
#include <string>

#include "workers/input/TextSource.hpp"

namespace logmill::workers {

class BlockCutter {
 public:
  /// Cuts `source` (which must outlive the cutter).
  explicit BlockCutter(TextSource& source) : m_source(source) {}

  /// Fills the front of `block` with the next whole lines and returns their
  /// length; 0 at the end. A line that does not fit in a block is dropped
  /// and counted in overlongLines() (make blocks longer than the longest
  /// line a reader keeps). On damage the lines before it are returned first;
  /// the InputError is thrown by the next call, and the partial line before
  /// the damage is dropped, as LineReader drops it.
  [[nodiscard]] std::size_t next(std::span<char> block);

  /// Lines longer than a block, passed over, and their bytes (terminators too).
  [[nodiscard]] std::uint64_t overlongLines() const { return m_overlong; }
  [[nodiscard]] std::uint64_t overlongBytes() const { return m_overlongBytes; }

 private:
  std::size_t fill(std::span<char> block, std::size_t from);
  void dropLine(std::span<char> scratch, std::size_t held);

  TextSource& m_source;
  std::string m_carry;  // the start of a line that did not end in the last block
  bool m_end = false;
  std::exception_ptr m_pendingError;
  std::uint64_t m_overlong = 0;
  std::uint64_t m_overlongBytes = 0;
};

}  // namespace logmill::workers
