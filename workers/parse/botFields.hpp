#pragma once
// The `bot` and `bot_name` fields: who sent a line, by what the line itself
// says. Declared bots are found by their user agent in the crawler list (the
// process-wide activeBotList()); behaviour over a whole run (many pages and
// no assets, a high request rate) is the report's (workers/report/ReportBots).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "workers/parse/BotList.hpp"
#include "workers/parse/LogRecord.hpp"

namespace logmill::workers {

enum class BotClass : std::uint8_t { Declared, Suspected, Human };
inline constexpr std::size_t kBotClassCount = 3;

/// "declared", "suspected", "human".
[[nodiscard]] std::string_view botClassName(BotClass c);
/// Every value of the `bot` field, in BotClass order.
[[nodiscard]] const std::array<std::string_view, kBotClassCount>& botClassNames();

/// The line's class: `declared` when its agent matches the crawler list;
/// else `suspected` when the agent is empty or `-` (agentIsEmpty), or the line fetches
/// /robots.txt; else `human`.
[[nodiscard]] BotClass botClass(const LogRecord& record);
/// True when the line logged no user agent: `-` (how Apache and nginx write
/// a missing header) or an empty string. A format without an agent field
/// leaves LogRecord::agent a null view, which is not "empty" here: the
/// common format is no evidence of bots.
[[nodiscard]] inline bool agentIsEmpty(const LogRecord& record) {
  return record.agent == "-" || (record.agent.empty() && record.agent.data() != nullptr);
}
/// The crawler list's name for a declared bot's agent; "-" otherwise.
[[nodiscard]] std::string_view botName(std::string_view agent);
/// The index in activeBotList() of the agent's crawler, remembered per
/// distinct agent (a bounded per-thread cache): nullopt if it is none.
[[nodiscard]] std::optional<std::uint32_t> declaredBot(std::string_view agent);

/// The environment variable naming the list file (empty: the built-in rules).
inline constexpr const char* kBotListEnv = "LOGMILL_BOTS_LIST";

/// The crawler list this process classifies with, loaded once on first use:
/// the file $LOGMILL_BOTS_LIST names, else the pinned crawler-user-agents
/// under $XDG_CACHE_HOME/logmill (or ~/.cache/logmill), else the one
/// installed beside the binary (../share/logmill/), else the built-in rules.
[[nodiscard]] const BotList& activeBotList();
/// One line on which list is used and why (for --stats).
[[nodiscard]] std::string botListSummary();
/// The list file activeBotList() would read (no file: nullopt), and in
/// `why` what was looked for when there is none.
[[nodiscard]] std::optional<std::string> findBotListFile(std::string* why);

}  // namespace logmill::workers
