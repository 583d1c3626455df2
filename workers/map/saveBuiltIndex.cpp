#include "workers/map/saveBuiltIndex.hpp"

#include "workers/input/InputError.hpp"
#include "workers/input/gzipIndexFile.hpp"

namespace logmill::workers {

void saveBuiltIndex(GzipIndexBuilder& builder, const GzipFileKey& key, const std::string& path,
                    const std::string& dir) {
  if (!builder.complete()) return;
  try {
    const GzipIndex index = builder.finish(key, path);
    if (!GzipFileKey::of(path).differenceFrom(key).empty()) return;
    saveGzipIndex(index, dir);
  } catch (const InputError&) {
  }
}

}  // namespace logmill::workers
