#pragma once
// A set of 64-bit values that are already well-mixed hashes (the report's
// visitor hashes): open addressing with linear probing in one flat array, at
// most half full, the value itself as the slot (0 is kept apart, as it marks
// an empty slot). Much less memory and pointer chasing than
// std::unordered_set for millions of inserts.

#include <cstdint>
#include <vector>

namespace logmill::workers {

class FlatU64Set {
 public:
  [[nodiscard]] std::size_t size() const { return m_size; }
  [[nodiscard]] bool empty() const { return m_size == 0; }

  void reserve(std::size_t n) {
    std::size_t capacity = m_slots.empty() ? kMinSlots : m_slots.size();
    while (capacity < 2 * n) capacity *= 2;
    if (capacity != m_slots.size()) rehash(capacity);
  }

  /// True if `value` was not in the set.
  bool insert(std::uint64_t value) {
    if (value == 0) {
      if (m_hasZero) return false;
      m_hasZero = true;
      ++m_size;
      return true;
    }
    if (2 * (m_size + 1) > m_slots.size()) rehash(m_slots.empty() ? kMinSlots : 2 * m_slots.size());
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t s = value & mask;; s = (s + 1) & mask) {
      if (m_slots[s] == value) return false;
      if (m_slots[s] == 0) {
        m_slots[s] = value;
        ++m_size;
        return true;
      }
    }
  }

  /// Hints that `value` will be inserted or looked up soon: starts loading
  /// its slot (valid until the set grows; reserve first).
  void prefetch(std::uint64_t value) const {
    if (!m_slots.empty()) __builtin_prefetch(&m_slots[value & (m_slots.size() - 1)]);
  }

  [[nodiscard]] bool contains(std::uint64_t value) const {
    if (value == 0) return m_hasZero;
    if (m_slots.empty()) return false;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t s = value & mask;; s = (s + 1) & mask) {
      if (m_slots[s] == value) return true;
      if (m_slots[s] == 0) return false;
    }
  }

  /// Calls f(value) for every value, in no particular order.
  template <typename F>
  void forEach(F&& f) const {
    if (m_hasZero) f(std::uint64_t{0});
    for (const std::uint64_t v : m_slots) {
      if (v != 0) f(v);
    }
  }

  /// Equal when both hold the same values.
  friend bool operator==(const FlatU64Set& a, const FlatU64Set& b) {
    if (a.m_size != b.m_size || a.m_hasZero != b.m_hasZero) return false;
    for (const std::uint64_t v : a.m_slots) {
      if (v != 0 && !b.contains(v)) return false;
    }
    return true;
  }

 private:
  static constexpr std::size_t kMinSlots = 16;

  void rehash(std::size_t capacity) {
    std::vector<std::uint64_t> old(capacity, 0);
    old.swap(m_slots);
    const std::size_t mask = capacity - 1;
    for (const std::uint64_t v : old) {
      if (v == 0) continue;
      std::size_t s = v & mask;
      while (m_slots[s] != 0) s = (s + 1) & mask;
      m_slots[s] = v;
    }
  }

  std::vector<std::uint64_t> m_slots;  ///< empty, or a power of two at least 2x size
  std::size_t m_size = 0;              ///< values, zero included
  bool m_hasZero = false;
};

}  // namespace logmill::workers
