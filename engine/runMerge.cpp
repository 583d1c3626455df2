#include "engine/runMerge.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "engine/PartialFile.hpp"
#include "engine/checkOutputNotInput.hpp"
#include "workers/base/addCount.hpp"
#include "workers/query/HyperLogLog.hpp"

namespace logmill::engine {
namespace {

/// The same file named twice (`parts/*.lmp parts/a.lmp`) would be counted twice.
void rejectDuplicates(const std::vector<std::string>& files) {
  std::set<std::filesystem::path> seen;
  for (const std::string& file : files) {
    std::error_code ec;
    std::filesystem::path key = std::filesystem::weakly_canonical(file, ec);
    if (ec) key = file;
    if (!seen.insert(key).second) {
      throw PartialMismatch(file + ": given twice; its counts would be merged twice");
    }
  }
}

/// The partials merged so far, by identity and by content, so one partial
/// under two names (a hard link, a copy) is merged once.
class SeenPartials {
 public:
  /// Why `file` (read from `path`) is a partial already merged, naming the
  /// first path; empty if it is new, and then it is remembered.
  std::string repeatOf(const std::string& path, const FileBytes& file) {
    const auto id = std::pair{file.device, file.inode};
    if (const auto it = m_byId.find(id); it != m_byId.end()) {
      return path + ": the same file as " + it->second + " (same device and inode); merged once";
    }
    const std::uint64_t hash = workers::hash64(file.bytes);
    const auto [first, last] = m_byHash.equal_range(hash);
    for (auto it = first; it != last; ++it) {
      // A 64-bit hash can collide: only equal bytes make a repeat.
      if (sameBytes(it->second, file.bytes)) {
        return path + ": the same content as " + it->second + "; merged once";
      }
    }
    m_byId.emplace(id, path);
    m_byHash.emplace(hash, path);
    return {};
  }

 private:
  static bool sameBytes(const std::string& path, const std::string& bytes) {
    try {
      return readFileBytes(path).bytes == bytes;
    } catch (const PartialFileError&) {
      return false;
    }
  }

  std::map<std::pair<dev_t, ino_t>, std::string> m_byId;
  std::multimap<std::uint64_t, std::string> m_byHash;
};

void noteError(RunResult& result, const std::string& path, std::string message) {
  result.partial.errors().push_back({path, std::move(message)});
  ++result.partial.stats().failedFiles;
}

}  // namespace

RunResult mergePartialFiles(const workers::Query& query, const std::vector<std::string>& files) {
  rejectDuplicates(files);
  RunResult result;
  SeenPartials seen;
  for (const std::string& path : files) {
    PartialFile file;
    try {
      const FileBytes bytes = readFileBytes(path);
      if (std::string repeat = seen.repeatOf(path, bytes); !repeat.empty()) {
        noteError(result, path, std::move(repeat));
        continue;
      }
      file = decodePartialFile(bytes.bytes, path);
    } catch (const PartialFileError& e) {
      noteError(result, path, e.what());
      continue;
    }
    if (!sameAggregate(query, file.query)) {
      throw PartialMismatch(path + ": partial of \"" + describeQuery(file.query) +
                            "\", cannot merge it as \"" + describeQuery(query) +
                            "\": " + describeMismatch(query, file.query));
    }
    try {
      result.partial.merge(std::move(file.partial));
    } catch (const workers::CountOverflow& e) {
      throw PartialOverflow(path + ": corrupt partial file: " + e.what() +
                            " when merged with the files before it");
    }
  }
  auto& errors = result.partial.errors();
  std::stable_sort(errors.begin(), errors.end(),
                   [](const auto& a, const auto& b) { return a.path < b.path; });
  return result;
}

int runMerge(const AnalysisOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  checkOutputNotInput({options.emitPartial, options.render.report.outputPath}, options.paths);
  const RunResult result = mergePartialFiles(options.query, options.paths);
  OutputSink out;
  return printResult(options, result, start, out);
}

}  // namespace logmill::engine
