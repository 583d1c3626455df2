#pragma once
// Zipf-Mandelbrot sampling over ranks 0..n-1: rank k has weight 1 / (k + 1 + q).
// The weights are integers (2^40 / (k + 1 + q), rounded down), so the table and
// every draw are bit-identical on every machine.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "datasets/Rng.hpp"

namespace logmill::datasets {

class ZipfTable {
 public:
  /// n ranks; q >= 0 flattens the head (q = 0 is classic Zipf with s = 1).
  ZipfTable(std::size_t n, std::uint32_t q);

  /// A rank in [0, size()), rank 0 the most likely.
  [[nodiscard]] std::size_t sample(Rng& rng) const;
  [[nodiscard]] std::size_t size() const { return m_cumulative.size(); }
  /// Probability of `rank`, for tests and documentation.
  [[nodiscard]] double probability(std::size_t rank) const;

 private:
  std::vector<std::uint64_t> m_cumulative;  // inclusive prefix sums of the weights
};

}  // namespace logmill::datasets
