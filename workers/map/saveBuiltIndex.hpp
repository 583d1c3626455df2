#pragma once
#include <string>

#include "workers/input/GzipFileKey.hpp"
#include "workers/input/GzipIndexBuilder.hpp"

namespace logmill::workers {

/// Saves what a whole read of `path` built into `dir`, if the read reached
/// the end and the file is still the one that was read (`key`, taken before
/// the read). Failures are dropped on purpose: the planner already warned
/// about an unusable cache directory, and a file that changed meanwhile is
/// indexed on a later read.
void saveBuiltIndex(GzipIndexBuilder& builder, const GzipFileKey& key, const std::string& path,
                    const std::string& dir);

}  // namespace logmill::workers
