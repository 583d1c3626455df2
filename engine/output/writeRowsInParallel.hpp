#pragma once
// The rows of a big generated table (count --by host over millions of keys)
// written by several threads: each renders a run of rows into a buffer of its
// own, and the buffers go to the sink in row order, so the bytes are those
// of a one-thread render. After the pool ends, rendering is the run's last
// serial step; the workers' cores are idle then.

#include <algorithm>
#include <cstddef>
#include <exception>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/output/OutputSink.hpp"
#include "engine/output/RowChunks.hpp"
#include "engine/output/StringSink.hpp"
#include "engine/output/Table.hpp"

namespace logmill::engine {

// Below this many rows a thread costs more than it saves. A chunk is small
// enough that the buffers in flight stay a few MB whatever the table.
inline constexpr std::size_t kParallelRowsFrom = std::size_t{1} << 16;
inline constexpr std::size_t kRowsPerChunk = std::size_t{1} << 14;

/// Calls writeRow(row, sink) for every row of `table` in order, with `sink`
/// `out` or a StringSink whose bytes reach `out` in row order. Up to
/// `threads` threads render at once when the rows are generated and many
/// (Table::generate must then be safe to call from several threads). A row
/// writer's exception reaches the caller once every thread has stopped.
template <typename WriteRow>
void writeRowsInParallel(const Table& table, unsigned threads, OutputSink& out,
                         WriteRow&& writeRow) {
  if (threads < 2 || !table.generate || table.generatedRows < kParallelRowsFrom) {
    table.forEachRow([&](const std::vector<TableCell>& row) { writeRow(row, out); });
    return;
  }
  const std::size_t n = table.generatedRows;
  const auto render = [&](std::size_t c) {
    StringSink sink;
    std::vector<TableCell> row;
    for (std::size_t i = c * kRowsPerChunk; i < std::min(n, (c + 1) * kRowsPerChunk); ++i) {
      table.generate(i, row);
      writeRow(std::as_const(row), sink);
    }
    return sink.take();
  };
  RowChunks chunks((n + kRowsPerChunk - 1) / kRowsPerChunk, std::size_t{4} * threads);
  std::vector<std::jthread> helpers;
  // Declared after the helpers, so it runs first: they stop before the join.
  struct StopOnExit {
    RowChunks& chunks;
    ~StopOnExit() { chunks.stop(); }
  } stopOnExit{chunks};
  for (unsigned t = 1; t < threads; ++t) {
    helpers.emplace_back([&] {
      try {
        while (const auto c = chunks.claim()) chunks.finish(*c, render(*c));
      } catch (...) {
        chunks.stop(std::current_exception());
      }
    });
  }
  while (const auto text = chunks.next(render)) out.write(*text);
}

}  // namespace logmill::engine
