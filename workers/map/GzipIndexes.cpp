#include "workers/map/GzipIndexes.hpp"

#include "workers/input/InputError.hpp"
#include "workers/input/bgzfMembers.hpp"
#include "workers/input/gzipIndexFile.hpp"

namespace logmill::workers {

GzipIndexes::GzipIndexes(std::string dir, std::vector<std::shared_ptr<const GzipIndex>> loaded)
    : m_dir(std::move(dir)) {
  for (std::uint32_t file = 0; file < loaded.size(); ++file) {
    if (loaded[file]) m_found[file] = {std::move(loaded[file]), ""};
  }
}

std::shared_ptr<const GzipIndex> GzipIndexes::forRange(std::uint32_t file, const std::string& path,
                                                       std::string* whyNot) {
  std::lock_guard lock(m_mutex);
  auto it = m_found.find(file);
  if (it == m_found.end()) it = m_found.emplace(file, lookUp(path)).first;
  if (whyNot != nullptr) *whyNot = it->second.whyNot;
  return it->second.index;
}

GzipIndexes::Found GzipIndexes::lookUp(const std::string& path) const {
  std::string why;
  if (!m_dir.empty()) {
    if (auto index = loadGzipIndexOrNull(path, m_dir, &why)) {
      return {std::make_shared<const GzipIndex>(std::move(*index)), ""};
    }
  }
  // A BGZF file is split at its members with or without a cache; the same
  // spacing as the planner's gives the same checkpoints.
  try {
    if (auto index = buildBgzfIndex(path)) {
      return {std::make_shared<const GzipIndex>(std::move(*index)), ""};
    }
  } catch (const InputError& e) {
    return {nullptr, e.what()};
  }
  return {nullptr, why.empty() ? "its index is gone" : "its index is " + why};
}

}  // namespace logmill::workers
