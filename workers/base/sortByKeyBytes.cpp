#include "workers/base/sortByKeyBytes.hpp"

#include <algorithm>
#include <cstring>

#include "workers/base/radixSortByPrefix.hpp"

namespace logmill::workers {
namespace {

constexpr std::size_t kWindow = 7;
// Runs this short are sorted by comparison: counting passes over 256
// buckets cost more than their few compares.
constexpr std::size_t kCompareBelow = 64;
// Keys equal this far (a hostile input's long shared prefix) are compared
// whole: a window a level would take too many levels.
constexpr std::size_t kMaxRadixOffset = 256;

using Row = std::pair<std::uint64_t, std::uint32_t>;  // (window key, index)

class KeySorter {
 public:
  explicit KeySorter(const std::vector<std::string_view>& keys) : m_keys(keys) {}

  /// Sorts rows [begin, end), whose keys all agree on their first `offset`
  /// bytes.
  void sort(std::vector<Row>& rows, std::size_t begin, std::size_t end, std::size_t offset) {
    const auto first = rows.begin() + static_cast<std::ptrdiff_t>(begin);
    const auto last = rows.begin() + static_cast<std::ptrdiff_t>(end);
    if (end - begin < kCompareBelow || offset > kMaxRadixOffset) {
      std::sort(first, last, [&](const Row& a, const Row& b) {
        return m_keys[a.second].substr(offset) < m_keys[b.second].substr(offset);
      });
      return;
    }
    m_run.assign(first, last);
    for (Row& row : m_run) row.first = keyBytesWindow(m_keys[row.second], offset);
    radixSortByPrefix(m_run);
    std::copy(m_run.begin(), m_run.end(), first);
    for (std::size_t i = begin; i < end;) {
      std::size_t j = i + 1;
      while (j < end && rows[j].first == rows[i].first) ++j;
      // A tie of full windows goes on to the next bytes; a tie of a shorter
      // one is one key twice, already in order.
      if (j - i > 1 && (rows[i].first & 0xff) == kWindow) sort(rows, i, j, offset + kWindow);
      i = j;
    }
  }

 private:
  const std::vector<std::string_view>& m_keys;
  std::vector<Row> m_run;  // scratch for one radix pass
};

}  // namespace

std::uint64_t keyBytesWindow(std::string_view key, std::size_t offset) noexcept {
  if (offset < key.size() && key.size() - offset >= 8) {
    // One load for the 7 bytes (and the next, masked off) instead of a loop.
    std::uint64_t v;
    std::memcpy(&v, key.data() + offset, 8);
    return (__builtin_bswap64(v) & ~std::uint64_t{0xff}) | kWindow;
  }
  const std::size_t n = offset < key.size() ? std::min(kWindow, key.size() - offset) : 0;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    v |= std::uint64_t{static_cast<unsigned char>(key[offset + i])} << (56 - 8 * i);
  }
  return v | n;
}

std::vector<std::uint32_t> keyBytesOrder(const std::vector<std::string_view>& keys) {
  std::vector<Row> rows;
  rows.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) rows.emplace_back(0, static_cast<std::uint32_t>(i));
  KeySorter(keys).sort(rows, 0, rows.size(), 0);
  std::vector<std::uint32_t> order;
  order.reserve(rows.size());
  for (const Row& row : rows) order.push_back(row.second);
  return order;
}

}  // namespace logmill::workers
