#pragma once
// A result as rows of cells, before it is written in an output format: what
// robots, count and top (with or without --agg) hand to renderTable.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
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
  /// Instead of `rows`: generatedRows rows, row i made by generate(i, cells)
  /// when it is written (a big result is never held as cells). Rows may be
  /// made by several threads at once (writeRowsInParallel.hpp): generate
  /// reads shared state only.
  std::size_t generatedRows = 0;
  std::function<void(std::size_t, std::vector<TableCell>&)> generate;

  /// Calls fn(row) for every row, from `rows` or made on demand.
  template <typename Fn>
  void forEachRow(Fn&& fn) const {
    if (!generate) {
      for (const std::vector<TableCell>& row : rows) fn(row);
      return;
    }
    std::vector<TableCell> row;
    for (std::size_t i = 0; i < generatedRows; ++i) {
      generate(i, row);
      fn(std::as_const(row));
    }
  }
};

}  // namespace logmill::engine
