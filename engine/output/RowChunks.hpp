#pragma once
// Chunks of a table's rows rendered by several threads and written in order.

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace logmill::engine {

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
  [[nodiscard]] std::optional<std::size_t> claim();
  /// Chunk `c`'s rendered text.
  void finish(std::size_t c, std::string text);
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
  void stop(std::exception_ptr error = nullptr);

 private:
  /// Chunk `c`'s text, rendered (the mutex held).
  void store(std::size_t c, std::string text);
  [[nodiscard]] bool claimable() const;

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

}  // namespace logmill::engine
