#include "datasets/ZipfTable.hpp"

#include <algorithm>
#include <stdexcept>

namespace logmill::datasets {

ZipfTable::ZipfTable(std::size_t n, std::uint32_t q) {
  if (n == 0) throw std::invalid_argument("ZipfTable needs at least one rank");
  constexpr std::uint64_t kScale = std::uint64_t{1} << 40;
  m_cumulative.reserve(n);
  std::uint64_t total = 0;
  for (std::size_t k = 0; k < n; ++k) {
    total += kScale / (k + 1 + q);
    m_cumulative.push_back(total);
  }
}

std::size_t ZipfTable::sample(Rng& rng) const {
  const std::uint64_t u = rng.below(m_cumulative.back());
  return static_cast<std::size_t>(std::upper_bound(m_cumulative.begin(), m_cumulative.end(), u) -
                                  m_cumulative.begin());
}

double ZipfTable::probability(std::size_t rank) const {
  const std::uint64_t below = rank == 0 ? 0 : m_cumulative[rank - 1];
  return static_cast<double>(m_cumulative[rank] - below) / static_cast<double>(m_cumulative.back());
}

}  // namespace logmill::datasets
