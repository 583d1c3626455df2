#pragma once
// Reads the next blocks of a file on a helper thread while the caller works
// on the current one, through a small fixed ring of buffers.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace logmill::workers {

class Prefetcher {
 public:
  /// Fills `dst` with up to dst.size() bytes and returns how many; 0 is the
  /// end. Runs on the helper thread; may throw (the error reaches next()).
  using ReadFn = std::function<std::size_t(std::span<std::uint8_t> dst)>;

  /// Starts the helper thread. It stays at most `depth - 1` blocks ahead of
  /// the block the caller holds, so memory is `depth * blockSize`.
  Prefetcher(ReadFn read, std::size_t blockSize, std::size_t depth = 2);
  /// Stops the helper thread (after the read it is in, if any).
  ~Prefetcher();
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;

  /// The next block, in file order; empty at the end. Valid until the next
  /// call. A read error is rethrown here, after the blocks read before it,
  /// and again by every later call.
  [[nodiscard]] std::span<const std::uint8_t> next();

 private:
  struct Slot {
    std::unique_ptr<std::uint8_t[]> data;
    std::size_t size = 0;
    std::exception_ptr error;
  };
  void run();

  ReadFn m_read;
  std::size_t m_blockSize;
  std::vector<Slot> m_slots;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::size_t m_ready = 0;     // slots filled and not yet released by the caller
  std::size_t m_consumer = 0;  // slot the caller gets (or holds) next
  bool m_holding = false;      // the caller holds m_slots[m_consumer]
  bool m_finished = false;     // the caller has seen the end or an error
  bool m_stop = false;
  std::thread m_thread;  // last: it starts after everything above exists
};

}  // namespace logmill::workers
