#pragma once
// A hash map from strings to values for hot per-line aggregation (the report
// panels): entries live contiguously in insertion order and an open-addressed
// index (linear probing, at most half full) holds each entry's number next to
// 32 bits of its key's hash, so a lookup touches one index slot and, nearly
// always, only the entry it wants. Entries are never erased, so an entry's
// index (indexOf) stays valid until the map is assigned or swapped.
//
// Iteration order is insertion order, which depends on the input's order:
// callers that need a deterministic order sort.

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "workers/base/Int128.hpp"

namespace logmill::workers {

/// A fast, well-mixed 64-bit hash of a byte string (wyhash-style 64x64->128
/// folding). Not stable across versions: never encode it.
[[nodiscard]] inline std::uint64_t flatStringHash(std::string_view s) noexcept {
  constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL,
                          k2 = 0x8ebc6af09c88c6e3ULL;
  const auto mum = [](std::uint64_t a, std::uint64_t b) {
    const UInt128 r = static_cast<UInt128>(a) * b;
    return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
  };
  const auto load8 = [](const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  };
  const auto load4 = [](const char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return std::uint64_t{v};
  };
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t seed = k0 ^ (n * k1);
  std::uint64_t a = 0, b = 0;
  if (n <= 16) {
    if (n >= 8) {
      a = load8(p);
      b = load8(p + n - 8);
    } else if (n >= 4) {
      a = load4(p);
      b = load4(p + n - 4);
    } else if (n > 0) {
      a = (std::uint64_t{static_cast<unsigned char>(p[0])} << 16) |
          (std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
          static_cast<unsigned char>(p[n - 1]);
    }
  } else {
    std::size_t i = 0;
    for (; i + 16 < n; i += 16) seed = mum(load8(p + i) ^ k1, load8(p + i + 8) ^ seed);
    a = load8(p + n - 16);
    b = load8(p + n - 8);
  }
  return mum(k1 ^ n, mum(a ^ k1, b ^ seed ^ k2));
}

template <typename V>
class FlatStringMap {
 public:
  using value_type = std::pair<std::string, V>;
  /// Iterators may change values, never keys.
  using iterator = typename std::vector<value_type>::iterator;
  using const_iterator = typename std::vector<value_type>::const_iterator;

  [[nodiscard]] std::size_t size() const { return m_entries.size(); }
  [[nodiscard]] bool empty() const { return m_entries.empty(); }
  [[nodiscard]] iterator begin() { return m_entries.begin(); }
  [[nodiscard]] iterator end() { return m_entries.end(); }
  [[nodiscard]] const_iterator begin() const { return m_entries.begin(); }
  [[nodiscard]] const_iterator end() const { return m_entries.end(); }

  void reserve(std::size_t n) {
    m_entries.reserve(n);
    std::size_t capacity = m_slots.empty() ? kMinSlots : m_slots.size();
    while (capacity < 2 * n) capacity *= 2;
    if (capacity != m_slots.size()) rehash(capacity);
  }

  [[nodiscard]] iterator find(std::string_view key) {
    const std::size_t i = lookup(key, flatStringHash(key));
    return i == kAbsent ? end() : begin() + static_cast<std::ptrdiff_t>(i);
  }
  [[nodiscard]] const_iterator find(std::string_view key) const {
    const std::size_t i = lookup(key, flatStringHash(key));
    return i == kAbsent ? end() : begin() + static_cast<std::ptrdiff_t>(i);
  }
  [[nodiscard]] const V& at(std::string_view key) const {
    const std::size_t i = lookup(key, flatStringHash(key));
    if (i == kAbsent) throw std::out_of_range("FlatStringMap::at: no such key");
    return m_entries[i].second;
  }

  /// The index of `key`'s entry (hash = flatStringHash(key)), a default
  /// value inserted first if the key is new.
  [[nodiscard]] std::size_t indexOf(std::string_view key, std::uint64_t hash) {
    if (m_entries.size() * 2 >= m_slots.size()) grow();
    const std::uint32_t tag = tagOf(hash);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t s = hash & mask;; s = (s + 1) & mask) {
      const std::uint64_t slot = m_slots[s];
      if (slot == 0) {
        if (m_entries.size() >= kMaxEntries) throw std::length_error("FlatStringMap is full");
        m_entries.emplace_back(std::string(key), V{});
        m_slots[s] = (std::uint64_t{tag} << 32) | m_entries.size();
        return m_entries.size() - 1;
      }
      if (static_cast<std::uint32_t>(slot >> 32) == tag) {
        const std::size_t i = static_cast<std::uint32_t>(slot) - 1;
        if (m_entries[i].first == key) return i;
      }
    }
  }
  [[nodiscard]] std::size_t indexOf(std::string_view key) {
    return indexOf(key, flatStringHash(key));
  }
  /// Hints that `hash`'s key will be looked up soon: starts loading its
  /// index slot. Then prefetchEntry, a little later, starts loading the entry
  /// that slot names. Lookups of several keys so staged overlap their cache
  /// misses instead of taking them one after another.
  void prefetch(std::uint64_t hash) const {
    if (!m_slots.empty()) __builtin_prefetch(&m_slots[hash & (m_slots.size() - 1)]);
  }
  void prefetchEntry(std::uint64_t hash) const {
    if (m_slots.empty()) return;
    const std::uint64_t slot = m_slots[hash & (m_slots.size() - 1)];
    if (slot != 0 && static_cast<std::uint32_t>(slot >> 32) == tagOf(hash)) {
      __builtin_prefetch(&m_entries[static_cast<std::uint32_t>(slot) - 1]);
    }
  }

  [[nodiscard]] V& valueAt(std::size_t index) { return m_entries[index].second; }
  [[nodiscard]] const V& valueAt(std::size_t index) const { return m_entries[index].second; }

  /// `key`'s value, default-constructed first if the key is new.
  V& operator[](std::string_view key) { return valueAt(indexOf(key)); }

  /// Inserts (key, value) unless the key is present; true if inserted.
  std::pair<iterator, bool> emplace(std::string_view key, V value) {
    const std::size_t before = m_entries.size();
    const std::size_t i = indexOf(key);
    const bool inserted = m_entries.size() != before;
    if (inserted) m_entries[i].second = std::move(value);
    return {begin() + static_cast<std::ptrdiff_t>(i), inserted};
  }

  /// Equal when both hold the same keys with equal values, in any order.
  friend bool operator==(const FlatStringMap& a, const FlatStringMap& b) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, value] : a) {
      const auto it = b.find(key);
      if (it == b.end() || !(it->second == value)) return false;
    }
    return true;
  }

 private:
  static constexpr std::size_t kAbsent = ~std::size_t{0};
  static constexpr std::size_t kMinSlots = 16;
  static constexpr std::size_t kMaxEntries = 0xffffffffULL - 1;

  // Slot: (tag << 32) | (entry index + 1); 0 is empty.
  static std::uint32_t tagOf(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32); }

  [[nodiscard]] std::size_t lookup(std::string_view key, std::uint64_t hash) const {
    if (m_slots.empty()) return kAbsent;
    const std::uint32_t tag = tagOf(hash);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t s = hash & mask;; s = (s + 1) & mask) {
      const std::uint64_t slot = m_slots[s];
      if (slot == 0) return kAbsent;
      if (static_cast<std::uint32_t>(slot >> 32) == tag) {
        const std::size_t i = static_cast<std::uint32_t>(slot) - 1;
        if (m_entries[i].first == key) return i;
      }
    }
  }

  void grow() { rehash(m_slots.empty() ? kMinSlots : 2 * m_slots.size()); }

  void rehash(std::size_t capacity) {
    m_slots.assign(capacity, 0);
    const std::size_t mask = capacity - 1;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
      const std::uint64_t hash = flatStringHash(m_entries[i].first);
      std::size_t s = hash & mask;
      while (m_slots[s] != 0) s = (s + 1) & mask;
      m_slots[s] = (std::uint64_t{tagOf(hash)} << 32) | (i + 1);
    }
  }

  std::vector<value_type> m_entries;
  std::vector<std::uint64_t> m_slots;  ///< empty, or a power of two at least 2x entries
};

}  // namespace logmill::workers
