#include "workers/input/Prefetcher.hpp"

#include <utility>

namespace logmill::workers {

Prefetcher::Prefetcher(ReadFn read, std::size_t blockSize, std::size_t depth)
    : m_read(std::move(read)), m_blockSize(blockSize), m_slots(depth < 2 ? 2 : depth) {
  for (Slot& slot : m_slots) {
    slot.data = std::make_unique_for_overwrite<std::uint8_t[]>(m_blockSize);
  }
  m_thread = std::thread([this] { run(); });
}

Prefetcher::~Prefetcher() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  m_thread.join();
}

std::span<const std::uint8_t> Prefetcher::next() {
  std::unique_lock lock(m_mutex);
  const Slot* slot = nullptr;
  if (m_finished) {
    slot = &m_slots[m_consumer];
  } else {
    if (m_holding) {
      --m_ready;
      m_consumer = (m_consumer + 1) % m_slots.size();
      m_holding = false;
      m_changed.notify_all();
    }
    m_changed.wait(lock, [this] { return m_ready > 0; });
    m_holding = true;
    slot = &m_slots[m_consumer];
    m_finished = slot->error != nullptr || slot->size == 0;
  }
  if (slot->error) std::rethrow_exception(slot->error);
  return {slot->data.get(), slot->size};
}

void Prefetcher::run() {
  std::size_t producer = 0;
  for (;;) {
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [this] { return m_stop || m_ready < m_slots.size(); });
      if (m_stop) return;
    }
    // The slot is free (the caller released it under the lock), so it is
    // filled without holding the lock.
    Slot& slot = m_slots[producer];
    bool last = false;
    try {
      slot.size = m_read({slot.data.get(), m_blockSize});
      last = slot.size == 0;
    } catch (...) {
      slot.size = 0;
      slot.error = std::current_exception();
      last = true;
    }
    {
      std::lock_guard lock(m_mutex);
      ++m_ready;
    }
    m_changed.notify_all();
    if (last) return;
    producer = (producer + 1) % m_slots.size();
  }
}

}  // namespace logmill::workers
