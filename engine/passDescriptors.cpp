#include "engine/passDescriptors.hpp"

#include <fcntl.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <string_view>

namespace logmill::engine {
namespace {

/// N for "/dev/fd/N" or "/proc/self/fd/N" naming an open descriptor > 2
/// (0-2 are inherited by workers anyway).
std::optional<int> heldDescriptor(std::string_view path) {
  for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (!path.starts_with(prefix)) continue;
    const std::string_view digits = path.substr(prefix.size());
    int fd = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), fd);
    if (ec != std::errc() || end != digits.data() + digits.size() || fd <= 2) return std::nullopt;
    if (::fcntl(fd, F_GETFD) == -1) return std::nullopt;  // not ours: the worker reports it
    return fd;
  }
  return std::nullopt;
}

}  // namespace

PassedInputs passDescriptors(const std::vector<std::string>& files, int firstFreeFd) {
  PassedInputs out;
  out.workerPaths = files;
  std::map<int, int> childOf;  // parent fd -> child fd
  std::vector<std::size_t> held;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (const auto fd = heldDescriptor(files[i])) {
      childOf.emplace(*fd, -1);
      held.push_back(i);
    }
  }
  std::vector<int> taken;
  for (auto& [parent, child] : childOf) {
    if (parent >= firstFreeFd) child = parent, taken.push_back(parent);
  }
  int next = firstFreeFd;
  for (auto& [parent, child] : childOf) {
    if (child != -1) continue;
    while (std::find(taken.begin(), taken.end(), next) != taken.end()) ++next;
    child = next;
    taken.push_back(next);
  }
  for (const auto& [parent, child] : childOf) out.fds.push_back({parent, child});
  for (std::size_t i : held) {
    out.workerPaths[i] = "/dev/fd/" + std::to_string(childOf.at(*heldDescriptor(files[i])));
  }
  return out;
}

}  // namespace logmill::engine
