#pragma once
// `logmill index [--check] PATH...`: build the gzip checkpoint indexes that
// let later runs split one big gzip file across workers, or verify them.

#include <string>
#include <vector>

#include "engine/discoverFiles.hpp"

namespace logmill::engine {

struct IndexOptions {
  std::vector<std::string> paths;
  DiscoverOptions discover;
  std::string indexDir;  ///< the cache to write to or check against (not "")
  bool check = false;    ///< verify instead of build
  bool progress = false;
};

/// Builds (or, with check, verifies) the index of every gzip file under
/// options.paths; one line a file on stdout, problems on stderr. Returns 0,
/// or 1 if some file could not be indexed or has no valid index.
int runIndex(const IndexOptions& options);

/// What is wrong with the cached index of `path` in `dir`, "" if it is
/// there, matches the file, and decoding resumes at every checkpoint.
[[nodiscard]] std::string checkGzipIndex(const std::string& path, const std::string& dir,
                                         std::size_t* checkpoints = nullptr);

}  // namespace logmill::engine
