// ReportVisitorSketch::mergeDecode: a stored day's visitor lists merged into
// the running report without a sketch built (and freed) per row.

#include <algorithm>
#include <utility>

#include "workers/report/ReportVisitors.hpp"

namespace logmill::workers {
namespace {

/// Reads `n` delta-coded hashes into `out` with decode's checks.
void readHashes(ByteReader& r, std::uint64_t n, std::vector<std::uint64_t>& out) {
  out.clear();
  std::uint64_t previous = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t delta = r.varint();
    if (i > 0 && delta == 0) r.fail("visitor hashes not strictly increasing");
    if (delta > ~previous) r.fail("visitor hash overflows");
    previous += delta;
    out.push_back(previous);
  }
}

}  // namespace

void ReportVisitorSketch::mergeDecode(ByteReader& r, std::vector<std::uint64_t>& scratch) {
  std::uint64_t n = r.varint();
  if (n == kRegistersMark) {
    const std::string_view regs = r.bytes();
    if (regs.size() != kRegisters) r.fail("visitor registers of the wrong size");
    r.charge(kRegisters);
    for (const char c : regs) {
      if (static_cast<std::uint8_t>(c) > 64 - kPrecision + 1)
        r.fail("visitor register out of range");
    }
    if (isExact()) estimate();
    for (std::size_t i = 0; i < kRegisters; ++i) {
      m_registers[i] = std::max(m_registers[i], static_cast<std::uint8_t>(regs[i]));
    }
    return;
  }
  const bool large = n == kLargeMark;
  if (large) {
    n = r.count(1);  // each hash takes at least one byte
    if (n <= kSmallLimit) r.fail("a large visitor set of few visitors");
    r.charge(n * 4 * sizeof(std::uint64_t));
  } else if (n > kSmallLimit) {
    r.fail("too many exact visitors");
  } else {
    r.charge(n * sizeof(std::uint64_t));
  }
  readHashes(r, n, scratch);
  // The cases of merge(), with the other side's hashes sorted in `scratch`.
  if (isExact() && m_large.empty()) {
    if (!large) {
      mergeSmall(scratch);
      return;
    }
    std::vector<std::uint64_t> mine = std::exchange(m_small, {});
    m_large.reserve(n);
    for (const std::uint64_t h : scratch) m_large.insert(h);
    for (const std::uint64_t h : mine) m_large.insert(h);
    return;
  }
  for (const std::uint64_t h : scratch) add(h);
}

}  // namespace logmill::workers
