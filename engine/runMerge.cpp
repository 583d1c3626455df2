#include "engine/runMerge.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "engine/PartialFile.hpp"
#include "engine/checkOutputNotInput.hpp"

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

}  // namespace

RunResult mergePartialFiles(const workers::Query& query, const std::vector<std::string>& files) {
  rejectDuplicates(files);
  RunResult result;
  for (const std::string& path : files) {
    PartialFile file;
    try {
      file = readPartialFile(path);
    } catch (const PartialFileError& e) {
      result.partial.errors().push_back({path, e.what()});
      ++result.partial.stats().failedFiles;
      continue;
    }
    if (!sameAggregate(query, file.query)) {
      throw PartialMismatch(path + ": partial of \"" + describeQuery(file.query) +
                            "\", cannot merge it as \"" + describeQuery(query) +
                            "\": " + describeMismatch(query, file.query));
    }
    result.partial.merge(std::move(file.partial));
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
