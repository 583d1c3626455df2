#pragma once
#include "engine/output/OutputSink.hpp"
#include "engine/output/Table.hpp"

namespace logmill::engine {

enum class OutputFormat { Table, Tsv, Csv, Json };

/// How a Table is written.
struct TableStyle {
  OutputFormat format = OutputFormat::Tsv;
  bool header = false;    ///< TSV header line (table and CSV always have one)
  bool terminal = false;  ///< stdout is a terminal: control bytes visible in every format
  bool csvRaw = false;    ///< CSV: no formula neutralising (--csv-raw)
  /// Threads that may render a big generated table's rows (the same bytes
  /// whatever the number); the aligned table format uses one.
  unsigned threads = 1;
};

/// Writes `table` in the style's format; every cell is escaped by the
/// format's rule (textEscape.hpp): table text with control bytes visible,
/// TSV with \\ \t \n \r, CSV quoted and formula-safe, JSON one object per row
/// (Number cells bare, Null cells null).
void renderTable(const Table& table, const TableStyle& style, OutputSink& out);

}  // namespace logmill::engine
