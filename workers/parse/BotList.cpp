#include "workers/parse/BotList.hpp"

#include <fcntl.h>
#include <re2/re2.h>
#include <re2/set.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>

namespace logmill::workers {
namespace {

// A list file is a few hundred KB; anything far larger is not one.
constexpr std::size_t kMaxListBytes = 16 << 20;
// The list's 1500 patterns need ~20 MB of DFA state; RE2's default (8 MB)
// makes a Set give up on long agents.
constexpr std::int64_t kSetMemory = 64 << 20;

/// Without the list: words crawlers and scripts put in their agents.
struct BuiltInRule {
  std::string_view pattern, name;
};
constexpr BuiltInRule kBuiltIn[] = {
    {"bot\\b|bot/|bot;|robot", "bot"},
    {"crawl", "crawler"},
    {"spider", "spider"},
    {"slurp", "Slurp"},
    {"archiver", "archiver"},
    {"facebookexternalhit", "facebookexternalhit"},
    {"^curl/", "curl"},
    {"^wget/", "Wget"},
    {"python-requests|python-urllib|aiohttp", "python"},
    {"go-http-client", "Go-http-client"},
    {"headlesschrome", "HeadlessChrome"},
    {"scrapy", "Scrapy"},
};

/// Closes a descriptor on every way out of readFile.
struct FdCloser {
  int fd;
  ~FdCloser() { ::close(fd); }
};

std::string readFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw BotListError("cannot open bot list '" + path + "': " + std::strerror(errno));
  }
  const FdCloser closer{fd};
  const std::string tooLarge = "bot list '" + path + "': larger than 16 MiB, not a crawler list";
  // One buffer of the file's size (+1 to see the end without growing): the
  // list is ~540 KB, and growing a string by 64 KB appends made malloc map
  // and copy ~1.5 MB, a fifth of the page faults the list costs a process.
  std::size_t capacity = 64 << 10;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    if (static_cast<std::uint64_t>(st.st_size) > kMaxListBytes) throw BotListError(tooLarge);
    capacity = static_cast<std::size_t>(st.st_size) + 1;
  }
  // simdjson reads SIMDJSON_PADDING bytes past the end: with that much
  // spare capacity it parses the buffer in place instead of copying it.
  std::string text;
  text.reserve(capacity + simdjson::SIMDJSON_PADDING);
  text.resize(capacity);
  std::size_t used = 0;
  for (;;) {
    if (used == text.size()) {
      if (used > kMaxListBytes) throw BotListError(tooLarge);
      const std::size_t grown =
          std::min(2 * used, kMaxListBytes + 1);  // a pipe, or a file that grew
      text.reserve(grown + simdjson::SIMDJSON_PADDING);
      text.resize(grown);
    }
    const ssize_t n = ::read(fd, text.data() + used, text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw BotListError("cannot read bot list '" + path + "'");
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > kMaxListBytes) throw BotListError(tooLarge);
  text.resize(used);
  return text;
}

std::vector<std::string> patternsOf(const std::string& text, const std::string& path) {
  // simdjson, not a DOM of std::maps: the list is half a megabyte of JSON
  // and every process that classifies agents reads it (this was a third of
  // the list's load time with nlohmann::json).
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(text).get(doc) != simdjson::SUCCESS) {
    throw BotListError("bot list '" + path + "': not valid JSON");
  }
  simdjson::dom::array entries;
  if (doc.get_array().get(entries) != simdjson::SUCCESS) {
    throw BotListError("bot list '" + path + "': expected an array of {\"pattern\": ...}");
  }
  std::vector<std::string> patterns;
  std::size_t i = 0;
  for (const simdjson::dom::element entry : entries) {
    std::string_view pattern;
    if (entry["pattern"].get_string().get(pattern) != simdjson::SUCCESS) {
      throw BotListError("bot list '" + path + "': entry " + std::to_string(i) +
                         " has no \"pattern\" string");
    }
    patterns.emplace_back(pattern);
    ++i;
  }
  if (patterns.empty()) throw BotListError("bot list '" + path + "': no patterns");
  return patterns;
}

/// Skips a parenthesized group starting at p[i] == '('; returns the index after it.
std::size_t skipGroup(std::string_view p, std::size_t i) {
  int depth = 0;
  for (; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
    } else if (p[i] == '(') {
      ++depth;
    } else if (p[i] == ')' && --depth == 0) {
      return i + 1;
    }
  }
  return p.size();
}

}  // namespace

struct BotList::Compiled {
  explicit Compiled(const RE2::Options& options) : set(options, RE2::UNANCHORED) {}
  RE2::Set set;
};

namespace {

/// The literal text a pattern starts with (see botNameFromPattern).
std::string literalPrefix(std::string_view p) {
  std::string out;
  std::size_t i = 0;
  while (i < p.size()) {
    const char c = p[i];
    if (c == '^' || c == '$') {
      ++i;
    } else if (c == '\\' && i + 1 < p.size() &&
               !std::isalnum(static_cast<unsigned char>(p[i + 1]))) {
      out += p[i + 1];
      i += 2;
    } else if (c == '[' && i + 1 < p.size() && p[i + 1] != '^' && p[i + 1] != '\\') {
      // `[wW]get`: the class's first letter stands for it
      out += p[i + 1];
      i = p.find(']', i);
      i = i == std::string_view::npos ? p.size() : i + 1;
    } else if (c == '[') {
      break;  // a negated or escaped class: no letter stands for it
    } else if (c == '(' && p.substr(i, 5) == "(^| )") {
      i += 5;
    } else if (c == '(') {
      // `(sistrix|SISTRIX) ...`: the first alternative
      const std::size_t end = skipGroup(p, i);
      const std::string_view group = p.substr(i + 1, end - i - 2);
      const std::string first = literalPrefix(group.substr(0, group.find('|')));
      if (first.empty()) break;
      out += first;
      i = end;
    } else if (std::string_view(".*+?{|)\\").find(c) != std::string_view::npos) {
      // an optional last character is not part of the name
      if ((c == '*' || c == '?' || c == '{') && !out.empty()) out.pop_back();
      break;
    } else {
      out += c;
      ++i;
    }
  }
  while (!out.empty() && std::string_view(" /;:-_(").find(out.back()) != std::string_view::npos) {
    out.pop_back();
  }
  return out;
}

}  // namespace

std::string botNameFromPattern(std::string_view p) {
  std::string out = literalPrefix(p);
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  return out.size() >= 2 ? out : std::string(p);
}

BotList::BotList() = default;
BotList::BotList(BotList&&) noexcept = default;
BotList& BotList::operator=(BotList&&) noexcept = default;
BotList::~BotList() = default;

void BotList::compile(const std::vector<std::string>& patterns, bool caseInsensitive) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kSetMemory);
  options.set_case_sensitive(!caseInsensitive);
  m_set = std::make_unique<Compiled>(options);
  for (const std::string& pattern : patterns) {
    std::string error;
    if (m_set->set.Add(pattern, &error) < 0) {
      ++m_skipped;  // e.g. a JavaScript look-ahead RE2 does not have
      continue;
    }
    m_names.push_back(botNameFromPattern(pattern));
  }
  if (!m_set->set.Compile())
    throw BotListError("bot list '" + m_source + "': too large to compile");
}

BotList BotList::fromJsonFile(const std::string& path) {
  BotList list;
  list.m_source = path;
  list.compile(patternsOf(readFile(path), path), false);
  if (list.m_names.empty()) throw BotListError("bot list '" + path + "': no usable pattern");
  return list;
}

BotList BotList::builtIn() {
  BotList list;
  list.m_source = "built-in rules";
  list.m_builtIn = true;
  std::vector<std::string> patterns;
  for (const BuiltInRule& rule : kBuiltIn) patterns.emplace_back(rule.pattern);
  list.compile(patterns, true);
  for (std::size_t i = 0; i < list.m_names.size(); ++i) list.m_names[i] = kBuiltIn[i].name;
  return list;
}

std::optional<std::uint32_t> BotList::match(std::string_view agent) const {
  std::vector<int> hits;
  if (!m_set->set.Match(agent, &hits) || hits.empty()) return std::nullopt;
  return static_cast<std::uint32_t>(*std::min_element(hits.begin(), hits.end()));
}

}  // namespace logmill::workers
