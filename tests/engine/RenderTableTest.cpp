#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/output/renderTable.hpp"
#include "tests/engine/outputCapture.hpp"

namespace logmill::engine {
namespace {

using Kind = TableCell::Kind;

/// Renders into a pipe and returns what was written.
std::string render(const Table& table, const TableStyle& style) {
  return testing::captureOutput([&](OutputSink& sink) { renderTable(table, style, sink); });
}

Table hostile() {
  Table t;
  t.header = {"path", "count"};
  t.keyColumns = 1;
  t.rows = {{{"/a\tb", Kind::Text}, {"3", Kind::Number}},
            {{"=1+1\x1b[2J", Kind::Text}, {"2", Kind::Number}},
            {{"-", Kind::Null}, {"1", Kind::Number}}};
  return t;
}

TEST(RenderTable, TsvKeepsOneCellPerColumnWhateverTheText) {
  EXPECT_EQ(render(hostile(), {OutputFormat::Tsv, true}),
            "path\tcount\n/a\\tb\t3\n=1+1\x1b[2J\t2\n-\t1\n");
  EXPECT_EQ(render(hostile(), {OutputFormat::Tsv, false, true}),
            "/a\\tb\t3\n=1+1\\x1b[2J\t2\n-\t1\n");
}

TEST(RenderTable, CsvGuardsFormulasInTextCellsOnly) {
  EXPECT_EQ(render(hostile(), {OutputFormat::Csv}), "path,count\n/a\tb,3\n'=1+1\x1b[2J,2\n-,1\n");
  EXPECT_EQ(render(hostile(), {OutputFormat::Csv, false, false, true}),
            "path,count\n/a\tb,3\n=1+1\x1b[2J,2\n-,1\n");
  EXPECT_EQ(render(hostile(), {OutputFormat::Csv, false, true}),
            "path,count\n/a\\tb,3\n'=1+1\\x1b[2J,2\n-,1\n");
}

TEST(RenderTable, TableShowsControlBytesAndAlignsFigures) {
  EXPECT_EQ(render(hostile(), {OutputFormat::Table}),
            "path         count\n"
            "/a\\tb            3\n"
            "=1+1\\x1b[2J      2\n"
            "-                1\n");
}

TEST(RenderTable, JsonNumbersBareNullsNullAndBadNumbersQuoted) {
  Table t;
  t.header = {"bytes", "status", "agent"};
  t.keyColumns = 3;
  t.rows = {{{"12.50", Kind::Number}, {"-", Kind::Null}, {"a\x1b", Kind::Text}},
            {{"1e3", Kind::Number}, {"2x\"}", Kind::Number}, {"", Kind::Text}}};
  EXPECT_EQ(render(t, {OutputFormat::Json}),
            "{\"bytes\":12.50,\"status\":null,\"agent\":\"a\\u001b\"}\n"
            "{\"bytes\":1e3,\"status\":\"2x\\\"}\",\"agent\":\"\"}\n");
}

TEST(RenderTable, AListPrintsBareRowsInTheTableFormat) {
  Table t;
  t.header = {"host"};
  t.keyColumns = 1;
  t.list = true;
  t.rows = {{{"\x1b[2JEVIL", Kind::Text}}, {{"a.example", Kind::Text}}};
  EXPECT_EQ(render(t, {OutputFormat::Table}), "\\x1b[2JEVIL\na.example\n");
}

TEST(RenderTable, RowsMadeOnDemandRenderLikeHeldRows) {
  const Table held = hostile();
  Table made = held;
  made.rows.clear();
  made.generatedRows = held.rows.size();
  made.generate = [&held](std::size_t i, std::vector<TableCell>& cells) { cells = held.rows[i]; };
  for (const TableStyle style : {TableStyle{OutputFormat::Tsv, true}, TableStyle{OutputFormat::Csv},
                                 TableStyle{OutputFormat::Json}, TableStyle{OutputFormat::Table},
                                 TableStyle{OutputFormat::Tsv, false, true}}) {
    const std::string expected = render(held, style);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(render(made, style), expected) << static_cast<int>(style.format);
  }
  made.list = true;
  Table heldList = held;
  heldList.list = true;
  EXPECT_EQ(render(made, {OutputFormat::Table}), render(heldList, {OutputFormat::Table}));
}

}  // namespace
}  // namespace logmill::engine
