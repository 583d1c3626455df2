#pragma once
// grep's matching lines, batched where they are found (a pool thread or a
// worker process) so that locking and messaging are per batch, not per line.

#include <string>
#include <string_view>

namespace logmill::workers {

/// Collects one task's matching lines into ~64 KiB batches for an
/// OrderedOutput (or any consumer), so locking and messaging are per batch.
class LineBatcher {
 public:
  static constexpr std::size_t kBatchBytes = 64 << 10;
  template <typename Flush>
  void add(std::string_view line, Flush&& flush) {
    m_batch.append(line);
    m_batch += '\n';
    if (m_batch.size() >= kBatchBytes) drain(flush);
  }
  template <typename Flush>
  void drain(Flush&& flush) {
    if (!m_batch.empty()) flush(std::string_view(m_batch));
    m_batch.clear();
  }

 private:
  std::string m_batch;
};

}  // namespace logmill::workers
