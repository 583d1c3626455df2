#pragma once
// The user agents of declared bots: the `crawler-user-agents` list (one
// regular expression a crawler, JSON) compiled into one RE2::Set, or a short
// built-in rule set when the list file is absent.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace logmill::workers {

/// A list file that cannot be read or is not a crawler list; the message
/// names the file and what is wrong.
struct BotListError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class BotList {
 public:
  /// Reads a crawler-user-agents JSON file (an array of objects with a
  /// `pattern` string). Patterns RE2 cannot compile (look-arounds) are
  /// skipped and counted. Throws BotListError.
  [[nodiscard]] static BotList fromJsonFile(const std::string& path);
  /// The fallback: a few case-insensitive words (bot, crawl, spider...).
  [[nodiscard]] static BotList builtIn();

  BotList(BotList&&) noexcept;
  BotList& operator=(BotList&&) noexcept;
  ~BotList();

  /// The index of the first pattern (in list order) the agent matches.
  [[nodiscard]] std::optional<std::uint32_t> match(std::string_view agent) const;
  /// A crawler's name, made from its pattern's leading literal text
  /// (`Googlebot\/` -> `Googlebot`, `[wW]get` -> `wget`).
  [[nodiscard]] std::string_view name(std::uint32_t index) const { return m_names[index]; }
  [[nodiscard]] std::size_t size() const { return m_names.size(); }
  [[nodiscard]] std::size_t skipped() const { return m_skipped; }
  /// Where it came from: the file, or "built-in rules".
  [[nodiscard]] const std::string& source() const { return m_source; }
  [[nodiscard]] bool isBuiltIn() const { return m_builtIn; }

 private:
  BotList();
  void compile(const std::vector<std::string>& patterns, bool caseInsensitive);

  struct Compiled;  // the RE2::Set, kept out of this header
  std::unique_ptr<Compiled> m_set;
  std::vector<std::string> m_names;
  std::size_t m_skipped = 0;
  std::string m_source;
  bool m_builtIn = false;
};

/// A crawler's display name from its pattern (see BotList::name).
[[nodiscard]] std::string botNameFromPattern(std::string_view pattern);

}  // namespace logmill::workers
