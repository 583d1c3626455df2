#include "workers/report/ReportVisitors.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "workers/base/hash64.hpp"
#include "workers/base/sortHashes.hpp"

namespace logmill::workers {
namespace {

using hash64Detail::fmix64;

// Not hash64: visitor hashes are on disk (the exact visitor sets of report
// partials and stores), so this seeded variant stays as it was written.
std::uint64_t hashBytes(std::string_view s, std::uint64_t seed) noexcept {
  // The length goes into the seed, so ("ab", "c") and ("a", "bc") differ.
  std::uint64_t h = fmix64(seed ^ (s.size() * 0x9e3779b97f4a7c15ULL));
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, s.data() + i, 8);
    h = fmix64(h ^ chunk) + 0x9e3779b97f4a7c15ULL;
  }
  std::uint64_t tail = 0;
  // An absent field (no agent in the format) is a null view: memcpy from
  // null is undefined even for zero bytes.
  if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
  return fmix64(h ^ tail ^ (std::uint64_t{s.size() - i} << 59));
}

}  // namespace

std::uint64_t reportVisitorHash(std::string_view host, std::int64_t day,
                                std::string_view agent) noexcept {
  return hashBytes(agent, hashBytes(host, fmix64(static_cast<std::uint64_t>(day))));
}

bool ReportVisitorSketch::add(std::uint64_t hash) {
  if (!isExact()) {
    addToRegisters(hash);
    return false;
  }
  if (!m_large.empty()) return m_large.insert(hash);
  // A branch-free lower bound: hashes are random, so a branching search
  // mispredicts half its steps.
  std::size_t pos = 0;
  if (const std::size_t n = m_small.size(); n > 0) {
    const std::uint64_t* base = m_small.data();
    for (std::size_t len = n; len > 1;) {
      const std::size_t half = len / 2;
      base = base[half] < hash ? base + half : base;
      len -= half;
    }
    pos = static_cast<std::size_t>(base - m_small.data()) + (*base < hash);
    if (pos < n && m_small[pos] == hash) return false;
  }
  m_small.insert(m_small.begin() + static_cast<std::ptrdiff_t>(pos), hash);
  if (m_small.size() > kSmallLimit) makeLarge();
  return true;
}

void ReportVisitorSketch::checkHoldsAll(const char* what) const {
  if (m_disjoint != 0) {
    throw std::logic_error(std::string("a visitor count summed over days cannot be ") + what);
  }
}

void ReportVisitorSketch::merge(const ReportVisitorSketch& other) {
  checkHoldsAll("merged");
  other.checkHoldsAll("merged");
  if (other.isExact()) {
    if (isExact() && m_large.empty() && other.m_large.empty()) {
      mergeSmall(other.m_small);
      return;
    }
    if (isExact() && m_large.empty() && !other.m_large.empty()) {
      // Whatever the order, the union of more than kSmallLimit hashes is a
      // large set: start from the bigger side.
      std::vector<std::uint64_t> mine = std::move(m_small);
      m_small = {};
      m_large = other.m_large;
      for (const std::uint64_t h : mine) m_large.insert(h);
      return;
    }
    for (const std::uint64_t h : other.m_small) add(h);
    other.m_large.forEach([&](std::uint64_t h) { add(h); });
    return;
  }
  if (isExact()) estimate();
  for (std::size_t i = 0; i < kRegisters; ++i) {
    m_registers[i] = std::max(m_registers[i], other.m_registers[i]);
  }
}

void ReportVisitorSketch::mergeSmall(const std::vector<std::uint64_t>& other) {
  if (other.empty()) return;
  // Both sorted: one pass instead of a search and an insert a hash. Mine
  // move to the back and merge forward into the front (writing never
  // overtakes reading), so the vector grows in place as add() would.
  const std::size_t mine = m_small.size();
  m_small.resize(mine + other.size());
  std::uint64_t* const out = m_small.data();
  std::memmove(out + other.size(), out, mine * sizeof(std::uint64_t));
  const std::uint64_t* a = out + other.size();
  const std::uint64_t* const aEnd = out + m_small.size();
  const std::uint64_t* b = other.data();
  const std::uint64_t* const bEnd = b + other.size();
  std::uint64_t* w = out;
  while (a != aEnd && b != bEnd) {
    const std::uint64_t x = *a, y = *b;
    *w++ = x < y ? x : y;
    a += x <= y;
    b += y <= x;
  }
  while (a != aEnd) *w++ = *a++;
  while (b != bEnd) *w++ = *b++;
  m_small.resize(static_cast<std::size_t>(w - out));
  if (m_small.size() > kSmallLimit) makeLarge();
}

void ReportVisitorSketch::addToRegisters(std::uint64_t hash) {
  const std::size_t index = hash >> (64 - kPrecision);
  const std::uint64_t rest = hash << kPrecision;
  const auto rank =
      static_cast<std::uint8_t>(rest == 0 ? 64 - kPrecision + 1 : std::countl_zero(rest) + 1);
  m_registers[index] = std::max(m_registers[index], rank);
}

void ReportVisitorSketch::makeLarge() {
  m_large.reserve(m_small.size());
  for (const std::uint64_t h : m_small) m_large.insert(h);
  m_small = {};
}

void ReportVisitorSketch::estimate() {
  if (!isExact()) return;
  checkHoldsAll("estimated");
  m_registers.assign(kRegisters, 0);
  for (const std::uint64_t h : m_small) addToRegisters(h);
  m_large.forEach([&](std::uint64_t h) { addToRegisters(h); });
  m_small = {};
  m_large = {};
}

std::uint64_t ReportVisitorSketch::count() const {
  if (isExact()) return (m_large.empty() ? m_small.size() : m_large.size()) + m_disjoint;
  // Flajolet et al.'s estimator with linear counting in the small range,
  // where it is the more accurate.
  constexpr double m = kRegisters;
  double sum = 0;
  std::size_t zeros = 0;
  for (const std::uint8_t r : m_registers) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0;
  }
  double estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  if (estimate <= 2.5 * m && zeros > 0) estimate = m * std::log(m / static_cast<double>(zeros));
  // Registers at their maximum (a hostile partial) would overflow llround.
  return static_cast<std::uint64_t>(std::llround(std::min(estimate, 0x1p62)));
}

std::vector<std::uint64_t> ReportVisitorSketch::sortedHashes() const {
  if (m_large.empty()) return m_small;
  std::vector<std::uint64_t> out;
  out.reserve(m_large.size());
  m_large.forEach([&](std::uint64_t h) { out.push_back(h); });
  sortHashes(out);
  return out;
}

void ReportVisitorSketch::encode(ByteWriter& w) const {
  checkHoldsAll("encoded");
  if (!isExact()) {
    w.varint(kRegistersMark);
    w.bytes({reinterpret_cast<const char*>(m_registers.data()), m_registers.size()});
    return;
  }
  // Most rows hold a few visitors, already sorted: written from where they are.
  std::vector<std::uint64_t> sorted;
  if (!m_large.empty()) sorted = sortedHashes();
  const std::vector<std::uint64_t>& hashes = m_large.empty() ? m_small : sorted;
  if (hashes.size() > kSmallLimit) w.varint(kLargeMark);
  w.varint(hashes.size());
  // Deltas of the sorted hashes: small numbers, and order is implied.
  std::uint64_t previous = 0;
  for (const std::uint64_t h : hashes) {
    w.varint(h - previous);
    previous = h;
  }
}

ReportVisitorSketch ReportVisitorSketch::decode(ByteReader& r) {
  // read() checks the encoding (and charges what it may allocate); the
  // sketch is then built in the form it was encoded in.
  Encoded e;
  read(r, e);
  ReportVisitorSketch s;
  if (e.registers) {
    s.m_registers.assign(e.ranks.begin(), e.ranks.end());
  } else if (e.large) {
    s.m_large.reserve(e.hashes.size());
    for (const std::uint64_t h : e.hashes) s.m_large.insert(h);
  } else {
    s.m_small = std::move(e.hashes);
  }
  return s;
}

}  // namespace logmill::workers
