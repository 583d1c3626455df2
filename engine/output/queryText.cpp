#include "engine/output/queryText.hpp"

#include <string_view>

namespace logmill::engine {
namespace {

/// Options whose value is free text: shown quoted so the words stay apart.
bool takesFreeText(std::string_view option) {
  return option == "--agg" || option == "--where" || option == "--log-format";
}

/// 'text', with a ' inside written the POSIX shell way ('\'').
std::string singleQuoted(std::string_view s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string fieldListText(const std::vector<workers::Field>& fields) {
  std::string out;
  for (workers::Field f : fields) {
    if (!out.empty()) out += ',';
    out += workers::fieldName(f);
  }
  return out;
}

std::string aggregateListText(const std::vector<workers::AggregateSpec>& aggregates) {
  std::string out;
  for (const workers::AggregateSpec& a : aggregates) {
    if (!out.empty()) out += ',';
    out += workers::aggregateName(a);
  }
  return out;
}

std::string bucketText(std::uint32_t seconds) {
  if (seconds == 0) return "";
  for (const auto& [unit, size] : {std::pair{'d', 86400u}, {'h', 3600u}, {'m', 60u}}) {
    if (seconds % size == 0) return std::to_string(seconds / size) + unit;
  }
  return std::to_string(seconds) + 's';
}

std::vector<std::string> queryArgs(const workers::Query& query) {
  std::vector<std::string> args{std::string(workers::commandName(query.command))};
  const auto option = [&](std::string name, std::string value) {
    args.push_back(std::move(name));
    args.push_back(std::move(value));
  };
  if (!query.by.empty()) option("--by", fieldListText(query.by));
  if (!query.aggregates.empty()) option("--agg", aggregateListText(query.aggregates));
  if (query.bucketSeconds) option("--bucket", bucketText(query.bucketSeconds));
  if (query.approxDistinct) args.emplace_back("--approx");
  if (!query.where.empty()) option("--where", query.where);
  if (query.logFormat != "auto") option("--log-format", query.logFormat);
  if (query.command == workers::Command::Top) option("-n", std::to_string(query.topN));
  return args;
}

std::string describeQuery(const workers::Query& query) {
  const std::vector<std::string> args = queryArgs(query);
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i) out += ' ';
    out += i > 0 && takesFreeText(args[i - 1]) ? singleQuoted(args[i]) : args[i];
  }
  return out;
}

}  // namespace logmill::engine
