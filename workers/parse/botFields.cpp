#include "workers/parse/botFields.hpp"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "workers/base/FlatStringMap.hpp"

#ifndef LOGMILL_CRAWLER_LIST_VERSION
#error "CMake defines LOGMILL_CRAWLER_LIST_VERSION (scripts/crawler-user-agents.env)"
#endif

namespace logmill::workers {
namespace {

constexpr std::array<std::string_view, kBotClassCount> kClassNames = {"declared", "suspected",
                                                                      "human"};
constexpr std::string_view kListFile = "crawler-user-agents.json";

struct Loaded {
  BotList list;
  std::string summary;
};

Loaded load() {
  std::string why;
  const std::optional<std::string> path = findBotListFile(&why);
  if (path) {
    try {
      BotList list = BotList::fromJsonFile(*path);
      std::string summary =
          "crawler list " + *path + " (" + std::to_string(list.size()) + " patterns";
      if (list.skipped() > 0) summary += ", " + std::to_string(list.skipped()) + " not RE2";
      return {std::move(list), summary + ")"};
    } catch (const BotListError& e) {
      why = e.what();
    }
  }
  BotList list = BotList::builtIn();
  return {std::move(list), "built-in rules (" + why + ")"};
}

const Loaded& loaded() {
  static const Loaded kLoaded = load();
  return kLoaded;
}

/// Verdicts by agent, direct-mapped so it stays bounded (4096 agents of at
/// most 512 bytes a thread); a log repeats a few hundred agents millions of times.
struct VerdictCache {
  static constexpr std::size_t kSlots = 4096;  // a power of two
  static constexpr std::size_t kMaxAgent = 512;
  struct Slot {
    std::string agent;
    std::int64_t verdict = -2;  // -2: empty slot; -1: not a bot; else the list index
  };
  std::vector<Slot> slots{kSlots};
};

}  // namespace

std::string_view botClassName(BotClass c) {
  return kClassNames[static_cast<std::size_t>(c)];
}

const std::array<std::string_view, kBotClassCount>& botClassNames() {
  return kClassNames;
}

std::optional<std::uint32_t> declaredBot(std::string_view agent) {
  if (agent.empty() || agent == "-") return std::nullopt;
  const BotList& list = activeBotList();
  if (agent.size() > VerdictCache::kMaxAgent) return list.match(agent);
  thread_local VerdictCache cache;
  VerdictCache::Slot& slot = cache.slots[flatStringHash(agent) & (VerdictCache::kSlots - 1)];
  if (slot.verdict == -2 || slot.agent != agent) {
    const std::optional<std::uint32_t> match = list.match(agent);
    slot.agent.assign(agent);
    slot.verdict = match ? static_cast<std::int64_t>(*match) : -1;
  }
  if (slot.verdict < 0) return std::nullopt;
  return static_cast<std::uint32_t>(slot.verdict);
}

BotClass botClass(const LogRecord& record) {
  if (declaredBot(record.agent)) return BotClass::Declared;
  if (agentIsEmpty(record) || record.path == "/robots.txt") {
    return BotClass::Suspected;
  }
  return BotClass::Human;
}

std::string_view botName(std::string_view agent) {
  const std::optional<std::uint32_t> index = declaredBot(agent);
  return index ? activeBotList().name(*index) : std::string_view("-");
}

const BotList& activeBotList() {
  return loaded().list;
}

std::string botListSummary() {
  return loaded().summary;
}

std::optional<std::string> findBotListFile(std::string* why) {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv(kBotListEnv)) {
    if (*env == '\0') {
      *why = std::string(kBotListEnv) + " is empty";
      return std::nullopt;
    }
    return std::string(env);
  }
  std::vector<fs::path> candidates;
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  const fs::path versioned = fs::path("logmill") / "crawler-user-agents" /
                             LOGMILL_CRAWLER_LIST_VERSION / std::string(kListFile);
  if (xdg && *xdg == '/') {
    candidates.push_back(fs::path(xdg) / versioned);
  } else if (home && *home == '/') {
    candidates.push_back(fs::path(home) / ".cache" / versioned);
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path() / ".." / "share" / "logmill" / kListFile);
  for (const fs::path& candidate : candidates) {
    if (fs::is_regular_file(candidate, ec)) return candidate.lexically_normal().string();
  }
  *why = "no crawler-user-agents " LOGMILL_CRAWLER_LIST_VERSION
         " list: run scripts/install-deps.sh, or set " +
         std::string(kBotListEnv);
  return std::nullopt;
}

}  // namespace logmill::workers
