#pragma once
// Where a TaskRunner finds the checkpoint index of a gzip file whose range
// task it runs, and where it leaves the index a first read built.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "workers/input/GzipIndex.hpp"

namespace logmill::workers {

class GzipIndexes {
 public:
  /// Indexes cached in `dir` ("" : none are read or written), plus those the
  /// planner already loaded (`loaded[file]`, may be empty or hold nulls).
  explicit GzipIndexes(std::string dir, std::vector<std::shared_ptr<const GzipIndex>> loaded = {});

  /// The index to decode a range of file number `file` (`path`) with: the
  /// planner's, else the cached one if it still matches the file, else a
  /// BGZF file's member index. Null with `*whyNot` set when there is none.
  /// Thread-safe; each file is looked up once.
  [[nodiscard]] std::shared_ptr<const GzipIndex> forRange(std::uint32_t file,
                                                          const std::string& path,
                                                          std::string* whyNot);

  [[nodiscard]] const std::string& dir() const { return m_dir; }

 private:
  struct Found {
    std::shared_ptr<const GzipIndex> index;
    std::string whyNot;
  };
  Found lookUp(const std::string& path) const;

  std::string m_dir;
  std::mutex m_mutex;
  std::map<std::uint32_t, Found> m_found;
};

}  // namespace logmill::workers
