#include "workers/query/HyperLogLog.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace logmill::workers {
namespace {

// Ertl's sigma and tau (Algorithm 6 of the paper), each a converging series.
double sigma(double x) {
  if (x == 1.0) return std::numeric_limits<double>::infinity();
  double y = 1, z = x;
  for (;;) {
    x *= x;
    const double before = z;
    z += x * y;
    y += y;
    if (z == before) return z;
  }
}

double tau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double y = 1, z = 1 - x;
  for (;;) {
    x = std::sqrt(x);
    const double before = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
    if (z == before) return z / 3;
  }
}

constexpr std::uint32_t entryIndex(std::uint32_t entry) {
  return entry >> 8;
}
constexpr std::uint8_t entryRank(std::uint32_t entry) {
  return static_cast<std::uint8_t>(entry & 0xff);
}

}  // namespace

void HyperLogLog::addHash(std::uint64_t hash) noexcept {
  const auto index = static_cast<std::uint32_t>(hash >> (64 - kPrecision));
  const std::uint64_t rest = hash << kPrecision;
  const auto rank = static_cast<std::uint8_t>(rest == 0 ? kMaxRank : std::countl_zero(rest) + 1);
  set(index, rank);
}

void HyperLogLog::set(std::uint32_t index, std::uint8_t rank) {
  if (!m_dense.empty()) {
    m_dense[index] = std::max(m_dense[index], rank);
    return;
  }
  const std::uint32_t entry = (index << 8) | rank;
  auto it = std::lower_bound(m_sparse.begin(), m_sparse.end(), index << 8);
  if (it != m_sparse.end() && entryIndex(*it) == index) {
    *it = std::max(*it, entry);
    return;
  }
  m_sparse.insert(it, entry);
  if (m_sparse.size() > kSparseLimit) makeDense();
}

void HyperLogLog::makeDense() {
  m_dense.assign(kRegisters, 0);
  for (std::uint32_t e : m_sparse) m_dense[entryIndex(e)] = entryRank(e);
  m_sparse = {};
}

void HyperLogLog::merge(const HyperLogLog& other) {
  if (!other.m_dense.empty()) {
    if (m_dense.empty()) makeDense();
    for (std::size_t i = 0; i < kRegisters; ++i)
      m_dense[i] = std::max(m_dense[i], other.m_dense[i]);
    return;
  }
  if (!m_dense.empty()) {
    for (std::uint32_t e : other.m_sparse) set(entryIndex(e), entryRank(e));
    return;
  }
  // Both sparse: one linear merge of the sorted lists.
  std::vector<std::uint32_t> out;
  out.reserve(m_sparse.size() + other.m_sparse.size());
  auto a = m_sparse.cbegin();
  auto b = other.m_sparse.cbegin();
  while (a != m_sparse.cend() || b != other.m_sparse.end()) {
    if (b == other.m_sparse.end() || (a != m_sparse.cend() && entryIndex(*a) < entryIndex(*b))) {
      out.push_back(*a++);
    } else if (a == m_sparse.cend() || entryIndex(*b) < entryIndex(*a)) {
      out.push_back(*b++);
    } else {
      out.push_back(std::max(*a++, *b++));
    }
  }
  m_sparse = std::move(out);
  if (m_sparse.size() > kSparseLimit) makeDense();
}

std::vector<std::uint8_t> HyperLogLog::registers() const {
  if (!m_dense.empty()) return m_dense;
  std::vector<std::uint8_t> regs(kRegisters, 0);
  for (std::uint32_t e : m_sparse) regs[entryIndex(e)] = entryRank(e);
  return regs;
}

double HyperLogLog::estimate() const {
  std::array<double, kMaxRank + 1> histogram{};
  if (m_dense.empty()) {
    histogram[0] = static_cast<double>(kRegisters - m_sparse.size());
    for (std::uint32_t e : m_sparse) histogram[entryRank(e)] += 1;
  } else {
    for (std::uint8_t r : m_dense) histogram[r] += 1;
  }
  const double m = static_cast<double>(kRegisters);
  constexpr int q = 64 - kPrecision;
  double z = m * tau(1 - histogram[q + 1] / m);
  for (int k = q; k >= 1; --k) z = 0.5 * (z + histogram[static_cast<std::size_t>(k)]);
  z += m * sigma(histogram[0] / m);
  const double alphaInf = 0.5 / std::log(2.0);
  const double estimate = alphaInf * m * m / z;
  return estimate < kMaxEstimate ? estimate : kMaxEstimate;  // z == 0 gives infinity
}

void HyperLogLog::checkEstimate(ByteReader& r) const {
  if (estimate() >= kMaxEstimate) r.fail("HyperLogLog registers claim more values than any input");
}

void HyperLogLog::encode(ByteWriter& w) const {
  if (m_dense.empty()) {
    w.varint(0);
    w.varint(m_sparse.size());
    std::uint32_t previous = 0;
    for (std::uint32_t e : m_sparse) {  // index deltas stay small: ~2 bytes an entry
      w.varint(entryIndex(e) - previous);
      w.varint(entryRank(e));
      previous = entryIndex(e);
    }
  } else {
    w.varint(1);
    w.raw(std::string_view(reinterpret_cast<const char*>(m_dense.data()), m_dense.size()));
  }
}

HyperLogLog HyperLogLog::decode(ByteReader& r) {
  HyperLogLog h;
  const std::uint64_t form = r.varint();
  if (form == 1) {
    if (r.remaining() < kRegisters) r.fail("truncated HyperLogLog registers");
    r.charge(kRegisters);
    // One byte a register, each checked: a wider value would wrap to a
    // small rank if read as a number and cast.
    const std::string_view regs = r.raw(kRegisters);
    h.m_dense.assign(regs.begin(), regs.end());
    for (const std::uint8_t reg : h.m_dense) {
      if (reg > kMaxRank) r.fail("HyperLogLog register above its maximum rank");
    }
    h.checkEstimate(r);
    return h;
  }
  if (form != 0) r.fail("unknown HyperLogLog form");
  const std::uint64_t n = r.count(2);
  if (n > kSparseLimit) r.fail("HyperLogLog sparse list too long");
  r.charge(n * sizeof(std::uint32_t));
  h.m_sparse.reserve(n);
  std::uint64_t index = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t delta = r.varint();
    if ((i > 0 && delta == 0) || delta >= kRegisters - index)
      r.fail("HyperLogLog index out of order");
    index += delta;
    const std::uint64_t rank = r.varint();
    if (rank == 0 || rank > kMaxRank) r.fail("HyperLogLog register above its maximum rank");
    h.m_sparse.push_back(static_cast<std::uint32_t>(index << 8 | rank));
  }
  h.checkEstimate(r);
  return h;
}

bool operator==(const HyperLogLog& a, const HyperLogLog& b) {
  if (a.m_dense.empty() && b.m_dense.empty()) return a.m_sparse == b.m_sparse;
  return a.registers() == b.registers();
}

}  // namespace logmill::workers
