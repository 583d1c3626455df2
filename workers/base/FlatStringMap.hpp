#pragma once
// A hash map from strings to values for hot per-line aggregation (the report
// panels): entries live contiguously in insertion order and an open-addressed
// index (linear probing, at most half full) holds each entry's number next to
// 32 bits of its key's hash, so a lookup touches one index slot and, nearly
// always, only the entry it wants. Entries are never erased, so an entry's
// index (indexOf) stays valid until the map is assigned or swapped.
//
// Iteration order is insertion order, which depends on the input's order:
// callers that need a deterministic order sort (sortByKey), or build the map
// in key order (appendGreatest) without an index at all: the index is then
// built by the first lookup, so a map that is only merged and iterated (a
// big result in the coordinator) never pays for one.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "workers/base/hash64.hpp"
#include "workers/base/radixSortByPrefix.hpp"

namespace logmill::workers {

/// A fast, well-mixed 64-bit hash of a byte string (wyhash-style 64x64->128
/// folding, on hash64's constants and mixing step). Not stable across
/// versions: never encode it. It is not hash64 (whose values are on disk)
/// because hashing a short key as two overlapping words instead of word by
/// word plus a byte loop makes a 2 M-key map ~1.5x faster (bench/results,
/// 2026-11-30 keys, session 5).
[[nodiscard]] inline std::uint64_t flatStringHash(std::string_view s) noexcept {
  using hash64Detail::kK0, hash64Detail::kK1, hash64Detail::kK2, hash64Detail::mum;
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
  std::uint64_t seed = kK0 ^ (n * kK1);
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
    for (; i + 16 < n; i += 16) seed = mum(load8(p + i) ^ kK1, load8(p + i + 8) ^ seed);
    a = load8(p + n - 16);
    b = load8(p + n - 8);
  }
  return mum(kK1 ^ n, mum(a ^ kK1, b ^ seed ^ kK2));
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
    if (capacity != m_slots.size() || m_indexed != m_entries.size()) rehash(capacity);
  }

  /// True when the entries are known to be in strictly ascending bytewise key
  /// order (after sortByKey or appendGreatest only; any other insertion
  /// clears it, even one that happens to keep the order).
  [[nodiscard]] bool sortedByKey() const { return m_sorted; }

  /// Appends `key`, which must be greater (bytewise) than every key present,
  /// with `value`; returns false and changes nothing when it is not, or when
  /// the map is not sortedByKey() (its greatest key is then unknown). Builds
  /// no index (the next lookup does), so merging and decoding sorted runs
  /// costs no hashing.
  bool appendGreatest(std::string key, V value) {
    if (!m_sorted) return false;
    if (!m_entries.empty() && !(m_entries.back().first < key)) return false;
    if (m_entries.size() >= kMaxEntries) throw std::length_error("FlatStringMap is full");
    m_entries.emplace_back(std::move(key), std::move(value));
    return true;
  }

  /// Room for `n` entries without reallocating them (no index is built).
  void reserveEntries(std::size_t n) { m_entries.reserve(n); }

  /// Moves every entry out (in iteration order), leaving the map empty.
  [[nodiscard]] std::vector<value_type> releaseEntries() {
    std::vector<value_type> entries = std::move(m_entries);
    *this = FlatStringMap{};
    return entries;
  }

  /// Reorders the entries by key (bytewise ascending); entry indices change.
  void sortByKey() {
    if (m_sorted) return;
    const std::vector<std::uint32_t> order = keyOrder();
    std::vector<value_type> sorted;
    sorted.reserve(m_entries.size());
    for (std::uint32_t i : order) sorted.push_back(std::move(m_entries[i]));
    m_entries = std::move(sorted);
    m_sorted = true;
    m_indexed = 0;  // every entry moved: the index is rebuilt on the next lookup
    m_slots.clear();
  }

  /// The entry indices in bytewise ascending key order, leaving the map as
  /// it is (what an encoder that writes keys in order needs).
  [[nodiscard]] std::vector<std::uint32_t> keyOrder() const {
    // Sorting 8-byte big-endian prefixes first keeps most comparisons in one
    // contiguous array instead of chasing the keys of millions of entries.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> rows;
    rows.reserve(m_entries.size());
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
      rows.emplace_back(prefixOf(m_entries[i].first), static_cast<std::uint32_t>(i));
    }
    if (!m_sorted) {
      radixSortByPrefix(rows);
      // Keys longer than their prefix may tie on it: order each such run by
      // the whole key.
      for (std::size_t i = 0; i < rows.size();) {
        std::size_t j = i + 1;
        while (j < rows.size() && rows[j].first == rows[i].first) ++j;
        if (j - i > 1) {
          std::sort(rows.begin() + static_cast<std::ptrdiff_t>(i),
                    rows.begin() + static_cast<std::ptrdiff_t>(j),
                    [this](const auto& a, const auto& b) {
                      return std::string_view(m_entries[a.second].first) <
                             std::string_view(m_entries[b.second].first);
                    });
        }
        i = j;
      }
    }
    std::vector<std::uint32_t> order;
    order.reserve(rows.size());
    for (const auto& row : rows) order.push_back(row.second);
    return order;
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
    ensureIndex();
    if (m_entries.size() * 2 >= m_slots.size()) grow();
    const std::uint32_t tag = tagOf(hash);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t s = hash & mask;; s = (s + 1) & mask) {
      const std::uint64_t slot = m_slots[s];
      if (slot == 0) {
        if (m_entries.size() >= kMaxEntries) throw std::length_error("FlatStringMap is full");
        m_entries.emplace_back(std::string(key), V{});
        m_slots[s] = (std::uint64_t{tag} << 32) | m_entries.size();
        m_indexed = m_entries.size();
        m_sorted = false;
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
    ensureIndex();
    if (!m_slots.empty()) __builtin_prefetch(&m_slots[hash & (m_slots.size() - 1)]);
  }
  void prefetchEntry(std::uint64_t hash) const {
    ensureIndex();
    if (m_slots.empty()) return;
    const std::uint64_t slot = m_slots[hash & (m_slots.size() - 1)];
    if (slot != 0 && static_cast<std::uint32_t>(slot >> 32) == tagOf(hash)) {
      __builtin_prefetch(&m_entries[static_cast<std::uint32_t>(slot) - 1]);
    }
  }

  /// The entry `hash`'s key most likely has (the one its home slot names,
  /// if that slot's tag matches), or null: without comparing keys, so a
  /// caller that prefetchEntry'd it can prefetch what the entry points to
  /// (its key's bytes, the value's heap parts) before the lookup proper.
  [[nodiscard]] const value_type* likelyEntry(std::uint64_t hash) const {
    if (m_indexed != m_entries.size() || m_slots.empty()) return nullptr;
    const std::uint64_t slot = m_slots[hash & (m_slots.size() - 1)];
    if (slot == 0 || static_cast<std::uint32_t>(slot >> 32) != tagOf(hash)) return nullptr;
    return &m_entries[static_cast<std::uint32_t>(slot) - 1];
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

  static std::uint64_t prefixOf(std::string_view key) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      v = (v << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
    }
    return v;
  }

  /// Indexes entries appended without an index. Const because lookups are:
  /// the index is a cache of the entries (so a map appended to must not be
  /// looked up from two threads at once before its first lookup).
  void ensureIndex() const {
    if (m_indexed == m_entries.size()) return;
    std::size_t capacity = kMinSlots;
    while (capacity < 2 * m_entries.size() + 2) capacity *= 2;
    rehash(capacity);
  }

  [[nodiscard]] std::size_t lookup(std::string_view key, std::uint64_t hash) const {
    ensureIndex();
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

  void rehash(std::size_t capacity) const {
    m_slots.assign(capacity, 0);
    const std::size_t mask = capacity - 1;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
      const std::uint64_t hash = flatStringHash(m_entries[i].first);
      std::size_t s = hash & mask;
      while (m_slots[s] != 0) s = (s + 1) & mask;
      m_slots[s] = (std::uint64_t{tagOf(hash)} << 32) | (i + 1);
    }
    m_indexed = m_entries.size();
  }

  std::vector<value_type> m_entries;
  /// Empty, or a power of two at least 2x the indexed entries.
  mutable std::vector<std::uint64_t> m_slots;
  mutable std::size_t m_indexed = 0;  ///< entries [0, m_indexed) are in m_slots
  bool m_sorted = true;               ///< see sortedByKey(); an empty map is sorted
};

}  // namespace logmill::workers
