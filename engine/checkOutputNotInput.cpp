#include "engine/checkOutputNotInput.hpp"

#include <sys/stat.h>

#include <optional>
#include <utility>

namespace logmill::engine {
namespace {

using FileId = std::pair<dev_t, ino_t>;

std::optional<FileId> fileId(const std::string& path) {
  struct stat st {};
  if (path.empty() || path == "-" || ::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileId{st.st_dev, st.st_ino};
}

}  // namespace

void checkOutputNotInput(const std::vector<std::string>& outputs,
                         const std::vector<std::string>& inputs) {
  std::vector<std::pair<FileId, const std::string*>> existing;
  for (const std::string& output : outputs) {
    if (const auto id = fileId(output)) existing.emplace_back(*id, &output);
  }
  if (existing.empty()) return;
  for (const std::string& input : inputs) {
    const auto id = fileId(input);
    if (!id) continue;
    for (const auto& [outputId, output] : existing) {
      if (outputId != *id) continue;
      std::string message = "the output file '" + *output + "' is also an input";
      if (input != *output) message += " ('" + input + "' is the same file)";
      throw OutputIsInput(message + "; refusing to overwrite it");
    }
  }
}

}  // namespace logmill::engine
