#include "engine/PartialReducer.hpp"

#include <string_view>
#include <utility>

namespace logmill::engine {

PartialReducer::PartialReducer() : m_thread([this] { loop(); }) {}

PartialReducer::~PartialReducer() {
  {
    std::lock_guard lock(m_mutex);
    m_closed = true;
  }
  m_wake.notify_one();
  if (m_thread.joinable()) m_thread.join();
}

void PartialReducer::push(workers::Partial partial) {
  {
    std::lock_guard lock(m_mutex);
    m_inbox.emplace_back(std::move(partial));
  }
  m_wake.notify_one();
}

void PartialReducer::pushEncoded(std::string message, std::size_t offset) {
  {
    std::lock_guard lock(m_mutex);
    m_inbox.emplace_back(Encoded{std::move(message), offset});
  }
  m_wake.notify_one();
}

workers::Partial PartialReducer::finish() {
  {
    std::lock_guard lock(m_mutex);
    m_closed = true;
  }
  m_wake.notify_one();
  if (m_thread.joinable()) m_thread.join();
  if (m_error) std::rethrow_exception(m_error);
  while (m_runs.size() > 1) mergeLast();
  workers::Partial total = m_runs.empty() ? workers::Partial{} : std::move(m_runs.front());
  m_runs.clear();
  return total;
}

void PartialReducer::loop() {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_wake.wait(lock, [this] { return m_closed || !m_inbox.empty(); });
    if (m_inbox.empty()) return;
    Item next = std::move(m_inbox.front());
    m_inbox.pop_front();
    lock.unlock();
    // After an error the rest is only drained: finish() reports the error.
    if (!m_error) {
      try {
        add(std::move(next));
      } catch (...) {
        m_error = std::current_exception();
      }
    }
    lock.lock();
  }
}

// Partials merged so far form a stack of runs, each at least twice the
// groups of the one above it (merging like a binary counter), so sorted
// runs are joined in O(n log k), never O(n k), however many arrive. An
// encoded partial that would be merged into the top run at once is merged
// as it is decoded (Partial::mergeEncoded), never built on its own.
void PartialReducer::add(Item item) {
  if (auto* encoded = std::get_if<Encoded>(&item)) {
    const std::string_view bytes = std::string_view(encoded->message).substr(encoded->offset);
    if (!m_runs.empty() &&
        m_runs.back().groups().size() <= 2 * workers::Partial::encodedGroupCount(bytes)) {
      m_runs.back().mergeEncoded(bytes);
    } else {
      m_runs.push_back(workers::Partial::decode(bytes));
    }
    encoded->message = std::string{};  // its memory is not held until the next item
  } else {
    m_runs.push_back(std::move(std::get<workers::Partial>(item)));
  }
  while (m_runs.size() > 1 &&
         m_runs[m_runs.size() - 2].groups().size() <= 2 * m_runs.back().groups().size()) {
    mergeLast();
  }
}

void PartialReducer::mergeLast() {
  workers::Partial last = std::move(m_runs.back());
  m_runs.pop_back();
  m_runs.back().merge(std::move(last));
}

}  // namespace logmill::engine
