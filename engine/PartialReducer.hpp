#pragma once
// The coordinator's reduce: partials from workers (encoded, as they came
// off a pipe) and from the coordinator itself (decoded) are merged on a
// thread of their own, so reading worker pipes never waits for a decode or a
// large merge.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "workers/map/Partial.hpp"

namespace logmill::engine {

class PartialReducer {
 public:
  PartialReducer();
  ~PartialReducer();
  PartialReducer(const PartialReducer&) = delete;
  PartialReducer& operator=(const PartialReducer&) = delete;

  /// Queues a partial to merge.
  void push(workers::Partial partial);
  /// Queues the encoded partial that starts at `offset` in `message` (a
  /// worker's whole Result payload, kept to spare a copy).
  void pushEncoded(std::string message, std::size_t offset);
  /// Waits for every queued partial to be merged and returns the total.
  /// Throws the first error a decode or merge raised (a partial that does
  /// not decode, a count past 2^64-1); the total is then lost.
  [[nodiscard]] workers::Partial finish();

 private:
  struct Encoded {
    std::string message;
    std::size_t offset = 0;
  };
  using Item = std::variant<workers::Partial, Encoded>;

  void loop();
  void add(Item item);
  void mergeLast();

  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<Item> m_inbox;
  bool m_closed = false;
  std::exception_ptr m_error;
  std::vector<workers::Partial> m_runs;  // each at least twice the groups of the next
  std::thread m_thread;
};

}  // namespace logmill::engine
