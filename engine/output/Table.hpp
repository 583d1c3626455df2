#pragma once
// A result as rows of cells, before it is written in an output format: what
// robots, count and top (with or without --agg) hand to renderTable.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace logmill::engine {

/// One cell: its text, and what JSON makes of it (and whether CSV guards it
/// against formula injection: only Text cells come from the logs).
struct TableCell {
  enum class Kind : std::uint8_t { Text, Number, Null };
  std::string text;  ///< "-" for Null
  Kind kind = Kind::Text;
};

struct Table {
  std::vector<std::string> header;  ///< column names
  std::size_t keyColumns = 0;       ///< leading key columns (left-aligned); the rest are figures
  std::vector<std::vector<TableCell>> rows;
  /// The table format prints it as a bare list, no header (robots' hosts, a
  /// lone total): a list reads best.
  bool list = false;
};

}  // namespace logmill::engine
