#include "engine/output/RowChunks.hpp"

#include <utility>

namespace logmill::engine {

std::optional<std::size_t> RowChunks::claim() {
  std::unique_lock lock(m_mutex);
  m_wake.wait(lock, [&] { return m_stop || m_claimed == m_chunks || claimable(); });
  if (m_stop || m_claimed == m_chunks) return std::nullopt;
  return m_claimed++;
}

void RowChunks::finish(std::size_t c, std::string text) {
  {
    std::lock_guard lock(m_mutex);
    store(c, std::move(text));
  }
  m_wake.notify_all();
}

void RowChunks::stop(std::exception_ptr error) {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
    if (error && !m_error) m_error = error;
  }
  m_wake.notify_all();
}

void RowChunks::store(std::size_t c, std::string text) {
  m_text[c % m_text.size()] = std::move(text);
  m_done[c % m_done.size()] = true;
}

bool RowChunks::claimable() const {
  return m_claimed < m_chunks && m_claimed < m_written + m_done.size();
}

}  // namespace logmill::engine
