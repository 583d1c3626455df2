// A big generated table rendered by several threads writes the bytes a
// one-thread render of the same rows writes, in every format, and a row
// that fails to render fails the render.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/output/renderTable.hpp"
#include "engine/output/writeRowsInParallel.hpp"
#include "tests/engine/outputCapture.hpp"

namespace logmill::engine {
namespace {

using Kind = TableCell::Kind;

std::string render(const Table& table, const TableStyle& style) {
  return testing::captureOutput([&](OutputSink& sink) { renderTable(table, style, sink); });
}

/// Row i: a text cell that differs per row (some needing escapes) and a count.
std::vector<TableCell> rowOf(std::size_t i) {
  std::string key = "host-" + std::to_string(i);
  if (i % 7 == 0) key += "\t=x\x1b";
  return {{key, Kind::Text}, {std::to_string(i * 3 % 1000), Kind::Number}};
}

/// More rows than one thread renders alone, and not a whole number of chunks.
constexpr std::size_t kRows = 3 * kParallelRowsFrom + 1234;

Table generated() {
  Table t;
  t.header = {"host", "count"};
  t.keyColumns = 1;
  t.generatedRows = kRows;
  t.generate = [](std::size_t i, std::vector<TableCell>& cells) { cells = rowOf(i); };
  return t;
}

Table held() {
  Table t = generated();
  t.generate = nullptr;
  t.generatedRows = 0;
  for (std::size_t i = 0; i < kRows; ++i) t.rows.push_back(rowOf(i));
  return t;
}

TEST(WriteRowsInParallel, SameBytesAsOneThreadInEveryFormat) {
  const Table one = held(), many = generated();
  for (TableStyle style :
       {TableStyle{OutputFormat::Tsv, true}, TableStyle{OutputFormat::Csv},
        TableStyle{OutputFormat::Json}, TableStyle{OutputFormat::Tsv, false, true},
        TableStyle{OutputFormat::Table}}) {
    style.threads = 1;
    const std::string expected = render(one, style);
    ASSERT_GT(expected.size(), kRows * 10);
    for (const unsigned threads : {2u, 3u, 8u}) {
      style.threads = threads;
      EXPECT_EQ(render(many, style), expected)
          << "format " << static_cast<int>(style.format) << ", " << threads << " threads";
    }
  }
  Table list = generated(), heldList = held();
  list.list = heldList.list = true;
  EXPECT_EQ(render(list, {OutputFormat::Table, false, false, false, 2}),
            render(heldList, {OutputFormat::Table}));
}

TEST(WriteRowsInParallel, ARowThatFailsFailsTheRenderWhicheverThreadMadeIt) {
  for (const std::size_t bad : {std::size_t{5}, kRowsPerChunk + 3, kRows - 1}) {
    Table t = generated();
    t.generate = [bad](std::size_t i, std::vector<TableCell>& cells) {
      if (i == bad) throw std::runtime_error("row " + std::to_string(i) + " is corrupt");
      cells = rowOf(i);
    };
    for (const unsigned threads : {2u, 4u}) {
      try {
        (void)render(t, {OutputFormat::Tsv, false, false, false, threads});
        ADD_FAILURE() << "no error for row " << bad;
      } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "row " + std::to_string(bad) + " is corrupt");
      }
    }
  }
}

}  // namespace
}  // namespace logmill::engine
