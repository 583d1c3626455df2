#pragma once
// Deterministic synthetic access logs with an answer key: same options, same
// bytes, on any machine.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "datasets/LogStyle.hpp"

namespace logmill::datasets {

struct GenOptions {
  std::string dir;  ///< created if missing
  unsigned files = 8;
  std::uint64_t linesPerFile = 250'000;
  std::uint64_t seed = 1;
  int gzipLevel = 6;
  LogStyle style = LogStyle::Combined;  ///< the format the records are written in
  /// Per cent of lines added as a crawler fetching /robots.txt, on top of
  /// the mix (heavy crawler traffic, issue 16); 0: the default mix, whose
  /// bytes do not change with this option.
  unsigned robotsPercent = 0;
};

/// What a correct analysis of the generated files must report.
struct AnswerKey {
  std::uint64_t lines = 0;                    ///< all lines written
  std::uint64_t parsed = 0;                   ///< lines that are valid Apache combined records
  std::uint64_t malformed = 0;                ///< lines that are not
  std::map<int, std::uint64_t> statusCounts;  ///< over parsed lines
  std::uint64_t robotsHosts = 0;              ///< distinct hosts that requested /robots.txt
  std::string robotsSha256;  ///< SHA-256 (hex) of the sorted, newline-terminated host list
  std::vector<std::pair<std::string, std::uint64_t>>
      topPaths;                    ///< 10 most requested paths, count desc then path
  std::vector<std::string> files;  ///< file names written, relative to dir
  std::uint64_t seed = 0;          ///< GenOptions::seed the files came from
  std::uint64_t linesPerFile = 0;  ///< GenOptions::linesPerFile

  /// A readable JSON object: lines, parsed, malformed, status_counts
  /// ({"200": n}), robots_hosts, robots_sha256, top_paths ([[path, n]]),
  /// files, seed, lines_per_file.
  [[nodiscard]] std::string toJson() const;
};

/// The answer key's file name inside the dataset directory. Hidden, so a
/// directory walk (`logmill robots DIR`) reads only the logs.
inline constexpr const char* kAnswerKeyFile = ".answer-key.json";

/// Writes opts.files gzip files `access-NNN.log.gz` and kAnswerKeyFile
/// into opts.dir. Throws std::runtime_error naming the path on I/O failure
/// and std::invalid_argument for options out of range (gzipLevel not 0..9,
/// files > 1000). Files are generated in parallel; the bytes do not depend
/// on the number of threads.
AnswerKey generate(const GenOptions& opts);

}  // namespace logmill::datasets
