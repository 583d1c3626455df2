#pragma once
#include <string>
#include <vector>

#include "workers/map/Partial.hpp"

namespace logmill::engine {

struct DiscoverOptions {
  std::vector<std::string> include;  ///< glob on the file name; empty = all
  std::vector<std::string> exclude;  ///< glob on the file name
};

struct Discovered {
  std::vector<std::string> files;            ///< in argument order, directories sorted bytewise
  std::vector<workers::FileError> errors;    ///< paths that could not be walked
};

/// Expands PATH arguments: files as given ("-" = stdin), directories walked
/// recursively (hidden entries skipped, symlinks to files followed, symlink
/// loops detected and reported), each file listed once.
[[nodiscard]] Discovered discoverFiles(const std::vector<std::string>& paths,
                                       const DiscoverOptions& options);

}  // namespace logmill::engine
