// ReportVisitorSketch::read, skip and merge(Encoded): a stored day's visitor
// lists merged into the running report without a sketch built (and freed)
// per row, or only counted.

#include <algorithm>
#include <utility>

#include "workers/report/ReportVisitors.hpp"

namespace logmill::workers {

namespace {

/// The body of read() and skip(): `keep(hash)` is given each hash in order.
template <typename Keep>
void readSketch(ByteReader& r, ReportVisitorSketch::Encoded& out, Keep keep) {
  using Sketch = ReportVisitorSketch;
  std::uint64_t n = r.varint();
  out.hashes.clear();
  out.size = 0;
  out.registers = n == Sketch::kRegistersMark;
  if (out.registers) {
    out.ranks = r.bytes();
    if (out.ranks.size() != Sketch::kRegisters) r.fail("visitor registers of the wrong size");
    r.charge(Sketch::kRegisters);
    for (const char c : out.ranks) {
      if (static_cast<std::uint8_t>(c) > 64 - Sketch::kPrecision + 1)
        r.fail("visitor register out of range");
    }
    return;
  }
  out.large = n == Sketch::kLargeMark;
  if (out.large) {
    n = r.count(1);  // each hash takes at least one byte
    if (n <= Sketch::kSmallLimit) r.fail("a large visitor set of few visitors");
    r.charge(n * 4 * sizeof(std::uint64_t));
  } else if (n > Sketch::kSmallLimit) {
    r.fail("too many exact visitors");
  } else {
    r.charge(n * sizeof(std::uint64_t));
  }
  out.size = n;
  std::uint64_t previous = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t delta = r.varint();
    if (i > 0 && delta == 0) r.fail("visitor hashes not strictly increasing");
    if (delta > ~previous) r.fail("visitor hash overflows");
    previous += delta;
    keep(previous);
  }
}

}  // namespace

void ReportVisitorSketch::read(ByteReader& r, Encoded& out) {
  readSketch(r, out, [&](std::uint64_t hash) {
    // Charged by readSketch: one allocation, not one per doubling.
    if (out.hashes.empty()) out.hashes.reserve(out.size);
    out.hashes.push_back(hash);
  });
}

void ReportVisitorSketch::skip(ByteReader& r, Encoded& out) {
  readSketch(r, out, [](std::uint64_t) {});
}

void ReportVisitorSketch::merge(const Encoded& other) {
  checkHoldsAll("merged");
  if (other.registers) {
    if (isExact()) estimate();
    for (std::size_t i = 0; i < kRegisters; ++i) {
      m_registers[i] = std::max(m_registers[i], static_cast<std::uint8_t>(other.ranks[i]));
    }
    return;
  }
  // The cases of merge(const ReportVisitorSketch&).
  if (isExact() && m_large.empty()) {
    if (!other.large) {
      mergeSmall(other.hashes);
      return;
    }
    std::vector<std::uint64_t> mine = std::exchange(m_small, {});
    m_large.reserve(other.hashes.size());
    for (const std::uint64_t h : other.hashes) m_large.insert(h);
    for (const std::uint64_t h : mine) m_large.insert(h);
    return;
  }
  if (isExact()) {
    // A large set: grown once, and each slot loaded a few inserts ahead so
    // that the cache misses of a set bigger than the cache overlap.
    constexpr std::size_t kAhead = 8;
    const std::vector<std::uint64_t>& h = other.hashes;
    m_large.reserve(m_large.size() + h.size());
    for (std::size_t i = 0; i < std::min(kAhead, h.size()); ++i) m_large.prefetch(h[i]);
    for (std::size_t i = 0; i < h.size(); ++i) {
      if (i + kAhead < h.size()) m_large.prefetch(h[i + kAhead]);
      m_large.insert(h[i]);
    }
    return;
  }
  for (const std::uint64_t h : other.hashes) addToRegisters(h);
}

}  // namespace logmill::workers
