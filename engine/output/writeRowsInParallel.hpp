#pragma once
// The rows of a big generated table (count --by host over millions of keys)
// written by several threads: each renders a run of rows into a buffer of its
// own, and the buffers go to the sink in row order, so the bytes are those
// of a one-thread render. After the pool ends, rendering is the run's last
// serial step; the workers' cores are idle then.

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/output/OutputSink.hpp"
#include "engine/output/Table.hpp"

namespace logmill::engine {

/// Appends what a row writer writes: the OutputSink calls, into memory.
class StringSink {
 public:
  void write(std::string_view s) { m_text.append(s); }
  void put(char c) { m_text += c; }
  /// The bytes written.
  [[nodiscard]] std::string take() { return std::move(m_text); }

 private:
  std::string m_text;
};

// Below this many rows a thread costs more than it saves. A chunk is small
// enough that the buffers in flight stay a few MB whatever the table.
inline constexpr std::size_t kParallelRowsFrom = std::size_t{1} << 16;
inline constexpr std::size_t kRowsPerChunk = std::size_t{1} << 14;

/// Chunks of rows shared out to threads and handed back in row order.
/// Threads claim chunks in order, at most a window of chunks ahead of the
/// first one not yet written, so a thread the scheduler pauses while it holds
/// a chunk stalls the writer for that chunk only.
class RowChunks {
 public:
  RowChunks(std::size_t chunks, std::size_t window)
      : m_chunks(chunks), m_done(window), m_text(window) {}

  /// The next chunk to render, or none when all are claimed or a thread
  /// failed; waits while the window is full.
  [[nodiscard]] std::optional<std::size_t> claim() {
    std::unique_lock lock(m_mutex);
    m_wake.wait(lock, [&] { return m_stop || m_claimed == m_chunks || claimable(); });
    if (m_stop || m_claimed == m_chunks) return std::nullopt;
    return m_claimed++;
  }
  /// Chunk `c`'s rendered text.
  void finish(std::size_t c, std::string text) {
    {
      std::lock_guard lock(m_mutex);
      store(c, std::move(text));
    }
    m_wake.notify_all();
  }
  /// The writer's side: the next chunk's text once it is rendered, calling
  /// render(c) for a claimable chunk meanwhile; none after the last chunk.
  template <typename Render>
  [[nodiscard]] std::optional<std::string> next(Render&& render) {
    std::unique_lock lock(m_mutex);
    if (m_written == m_chunks) return std::nullopt;
    const std::size_t k = m_written % m_done.size();
    while (!m_done[k]) {
      if (m_error) std::rethrow_exception(m_error);
      if (claimable()) {
        const std::size_t c = m_claimed++;
        lock.unlock();
        std::string text = render(c);
        lock.lock();
        store(c, std::move(text));
      } else {
        m_wake.wait(lock);
      }
    }
    m_done[k] = false;
    ++m_written;
    std::string text = std::move(m_text[k]);
    lock.unlock();
    m_wake.notify_all();  // the window moved
    return text;
  }
  /// Stops every claim; `error`, if any, reaches the writer.
  void stop(std::exception_ptr error = nullptr) {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
      if (error && !m_error) m_error = error;
    }
    m_wake.notify_all();
  }

 private:
  /// Chunk `c`'s text, rendered (the mutex held).
  void store(std::size_t c, std::string text) {
    m_text[c % m_text.size()] = std::move(text);
    m_done[c % m_done.size()] = true;
  }
  [[nodiscard]] bool claimable() const {
    return m_claimed < m_chunks && m_claimed < m_written + m_done.size();
  }

  std::mutex m_mutex;
  std::condition_variable m_wake;
  const std::size_t m_chunks;
  std::size_t m_claimed = 0;
  std::size_t m_written = 0;
  std::vector<bool> m_done;  // by chunk modulo the window
  std::vector<std::string> m_text;
  bool m_stop = false;
  std::exception_ptr m_error;
};

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
