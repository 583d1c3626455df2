#include "workers/parse/derivedFields.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace logmill::workers {
namespace {

constexpr std::size_t kMaxExtension = 15;

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool isAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool equalsIgnoreCase(std::string_view a, std::string_view lowerB) {
  if (a.size() != lowerB.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lowerB[i]) return false;
  }
  return true;
}

bool containsIgnoreCase(std::string_view haystack, std::string_view lowerNeedle) {
  if (lowerNeedle.size() > haystack.size()) return false;
  const std::size_t last = haystack.size() - lowerNeedle.size();
  for (std::size_t i = 0; i <= last; ++i) {
    if (lower(haystack[i]) == lowerNeedle[0] &&
        equalsIgnoreCase(haystack.substr(i, lowerNeedle.size()), lowerNeedle)) {
      return true;
    }
  }
  return false;
}

// GoAccess's default static-file list (config/goaccess.conf), plus the
// assets it misses that sites serve today (.eot .map .webp .otf .avif).
constexpr std::string_view kStaticExtensions[] = {
    "css",  "js",    "jpg", "png",  "gif", "ico",  "jpeg", "pdf",  "csv",  "mpeg", "mpg", "swf",
    "woff", "woff2", "xls", "xlsx", "doc", "docx", "ppt",  "pptx", "txt",  "zip",  "ogg", "mp3",
    "mp4",  "exe",   "iso", "gz",   "rar", "svg",  "bmp",  "tar",  "tgz",  "tiff", "tif", "ttf",
    "flv",  "dmg",   "xz",  "zst",  "eot", "map",  "webp", "otf",  "avif", "webm",
};

/// One row of a User-Agent classification table: the first row whose needle
/// occurs in the agent decides. Order is the whole point (Chrome's agent also
/// says Safari; Edge's says Chrome and Safari), so adjust by moving rows.
struct Rule {
  std::string_view needle;
  std::string_view family;
  bool anyCase = false;  ///< needle is lower-case and matched case-insensitively
};

// The order follows GoAccess's browsers.c, except that crawlers come first:
// many of them dress up as a browser ("iPhone ... Safari ... Googlebot").
constexpr Rule kBrowserRules[] = {
    // An automation client that mentions Ruby; GoAccess files it as Others.
    {"Chef Client", "Others"},
    // HTTP libraries GoAccess 1.7 lists as Others (browsers.c), ahead of the
    // generic words ("python") that would file them as crawlers.
    {"python-requests", "Others"},
    {"Go-http-client", "Others"},
    {"libwww-perl", "Others"},
    {"okhttp", "Others"},
    // Crawlers: generic words, then named bots and HTTP libraries.
    {"bot", "Crawlers", true},
    {"crawl", "Crawlers", true},
    {"spider", "Crawlers", true},
    {"slurp", "Crawlers", true},
    {"Mediapartners-Google", "Crawlers"},
    {"AdsBot-Google", "Crawlers"},
    {"AppEngine-Google", "Crawlers"},
    {"Google-", "Crawlers"},
    {"Google Favicon", "Crawlers"},
    {"Yandex", "Crawlers"},
    {"Baidu", "Crawlers"},
    {"Ezooms", "Crawlers"},
    {"facebookexternalhit", "Crawlers"},
    {"ia_archiver", "Crawlers"},
    {"heritrix", "Crawlers"},
    {"nutch", "Crawlers", true},
    {"Java/", "Crawlers"},
    {"Jakarta Commons-HttpClient", "Crawlers"},
    {"Apache-HttpClient", "Crawlers"},
    {"python", "Crawlers", true},
    {"ruby", "Crawlers", true},
    {"PHP/", "Crawlers"},
    {"PycURL", "Crawlers"},
    {"WordPress", "Crawlers"},
    {"PEAR", "Crawlers"},
    {"W3C_", "Crawlers"},
    {"Embedly", "Crawlers"},
    {"LinkedIn", "Crawlers"},
    {"Twitter", "Crawlers"},
    {"Slack", "Crawlers"},
    // Game systems embed major browsers, so they go before them.
    {"Xbox", "Game Systems"},
    {"PlayStation", "Game Systems"},
    {"Nintendo", "Game Systems"},
    // Browsers that say Chrome (and Safari) but are not.
    {"Edg", "Edge"},  // Edge/ (EdgeHTML), Edg/ (Chromium), EdgA/, EdgiOS/
    {"OPR/", "Opera"},
    {"Opera", "Opera"},
    {"OPiOS", "Opera"},
    {"Coast/", "Opera"},
    {"MSIE", "MSIE"},
    {"Trident/", "MSIE"},
    {"IEMobile", "MSIE"},
    {"Vivaldi", "Others"},
    {"YaBrowser", "Others"},
    {"SamsungBrowser", "Others"},
    {"UCBrowser", "Others"},
    {"Konqueror", "Others"},
    {"Epiphany", "Others"},
    {"Midori", "Others"},
    {"SeaMonkey", "Others"},
    {"Camino", "Others"},
    {"BlackBerry", "Others"},
    {"Dalvik", "Others"},
    // Feed readers and services (GoAccess lists some; the generic words catch
    // FeedBurner, UniversalFeedParser, Feedbin, Tiny Tiny RSS...).
    {"feed", "Feeds", true},
    {"RSS", "Feeds"},
    {"Bloglines", "Feeds"},
    {"Netvibes", "Feeds"},
    {"NewsBlur", "Feeds"},
    {"Flipboard", "Feeds"},
    {"Iceweasel", "Firefox"},
    {"Firefox", "Firefox"},
    {"FxiOS", "Firefox"},
    {"Chrome", "Chrome"},  // before Safari: Chrome's agent also says Safari
    {"CriOS", "Chrome"},
    {"Chromium", "Chrome"},
    {"Safari", "Safari"},
    {"iTunes", "Podcasts"},
    {"gPodder", "Podcasts"},
    {"Downcast", "Podcasts"},
    {"Instacast", "Podcasts"},
    {"Pocket Casts", "Podcasts"},
    {"Overcast", "Podcasts"},
    {"Thunderbird", "Feeds"},
    {"NetNewsWire", "Feeds"},
    {"Liferea", "Feeds"},
    {"Akregator", "Feeds"},
    {"Pingdom", "Uptime"},
    {"UptimeRobot", "Uptime"},
    {"StatusCake", "Uptime"},
    {"NewRelicPinger", "Uptime"},
    {"jetmon", "Uptime"},
    {"curl", "Others"},
    {"Wget", "Others"},
    {"libfetch", "Others"},
    {"check_http", "Others"},
    {"Lynx", "Others"},
    {"Links", "Others"},
    {"w3m", "Others"},
    {"Homebrew", "Others"},
    {"APT-HTTP", "Others"},
    {"Apache", "Others"},
    {"Mozilla", "Others"},
};

// The order follows GoAccess's opesys.c (Android first: its agents say Linux;
// iPhone/iPad before OS X: their agents say "like Mac OS X"), with ChromeOS
// moved ahead of Linux and GoAccess's per-bot rows (Googlebot: Unix-like,
// bingbot: Windows) left out, since a crawler has no OS worth reporting.
constexpr Rule kOsRules[] = {
    {"Android", "Android"},   {"Windows", "Windows"},   {"Win 9x", "Windows"},
    {"Win98", "Windows"},     {"Win95", "Windows"},     {"Xbox", "Windows"},
    {"iPad", "iOS"},          {"iPod", "iOS"},          {"iPhone", "iOS"},
    {"CFNetwork", "iOS"},     {"AppleTV", "iOS"},       {"iTunes", "macOS"},
    {"OS X", "macOS"},        {"Macintosh", "macOS"},   {"Darwin", "Darwin"},
    {"CrOS", "ChromeOS"},     {"Debian", "Linux"},      {"Ubuntu", "Linux"},
    {"Fedora", "Linux"},      {"SUSE", "Linux"},        {"Red Hat", "Linux"},
    {"Gentoo", "Linux"},      {"CentOS", "Linux"},      {"FreeBSD", "BSD"},
    {"NetBSD", "BSD"},        {"OpenBSD", "BSD"},       {"DragonFly", "BSD"},
    {"PlayStation", "BSD"},   {"linux", "Linux", true}, {"QNX", "Unix-like"},
    {"BB10", "Unix-like"},    {"AIX", "Unix"},          {"SunOS", "Unix"},
    {"BlackBerry", "Others"}, {"SymbianOS", "Others"},  {"Nokia", "Others"},
    {"Nintendo", "Others"},
};

constexpr std::string_view kUnknown = "Unknown";
constexpr std::string_view kOthers = "Others";

template <std::size_t N>
std::string_view classify(std::string_view agent, const Rule (&rules)[N]) {
  for (const Rule& rule : rules) {
    const bool found = rule.anyCase ? containsIgnoreCase(agent, rule.needle)
                                    : agent.find(rule.needle) != std::string_view::npos;
    if (found) return rule.family;
  }
  return kUnknown;
}

template <std::size_t N>
std::vector<std::string_view> familiesOf(const Rule (&rules)[N]) {
  std::vector<std::string_view> out;
  for (const Rule& rule : rules) {
    if (rule.family != kOthers && std::find(out.begin(), out.end(), rule.family) == out.end()) {
      out.push_back(rule.family);
    }
  }
  out.push_back(kOthers);
  out.push_back(kUnknown);
  return out;
}

/// Remembers recent classifications per thread: a log repeats a few hundred
/// agents millions of times, and a table scan costs a hundred substring
/// searches. Keys reuse their capacity, so a warm cache allocates nothing.
class FamilyCache {
 public:
  template <typename Classify>
  std::string_view get(std::string_view agent, Classify classify) {
    Entry& e = m_entries[std::hash<std::string_view>{}(agent) % kSize];
    if (!e.valid || e.agent != agent) {
      e.agent.assign(agent);
      e.family = classify(agent);
      e.valid = true;
    }
    return e.family;
  }

 private:
  static constexpr std::size_t kSize = 256;
  struct Entry {
    std::string agent;
    std::string_view family;
    bool valid = false;
  };
  std::array<Entry, kSize> m_entries;
};

// Agents longer than this are classified without caching: copying them would
// cost more than it saves, and they are rare.
constexpr std::size_t kMaxCachedAgent = 512;

bool isAbsent(std::string_view agent) {
  return agent.empty() || agent == "-";
}

}  // namespace

std::string_view fileExtension(std::string_view path) {
  // An absolute URL (proxy requests): its host name is no extension.
  if (!path.starts_with('/')) {
    if (const std::size_t scheme = path.find("://"); scheme != std::string_view::npos) {
      const std::size_t slash = path.find('/', scheme + 3);
      if (slash == std::string_view::npos) return {};
      path = path.substr(slash);
    }
  }
  // memchr (vectorized) to find the query, then a backward scan of the last
  // segment only: this runs for every record a query groups or filters by ext.
  std::size_t end = path.size();
  for (const char stop : {'?', '#', ';'}) {
    if (const void* p = std::memchr(path.data(), stop, end)) {
      end = static_cast<std::size_t>(static_cast<const char*>(p) - path.data());
    }
  }
  std::size_t dot = std::string_view::npos;
  std::size_t segment = end;
  while (segment > 0 && path[segment - 1] != '/') {
    --segment;
    if (path[segment] == '.' && dot == std::string_view::npos) dot = segment;
  }
  // No dot, a dot-file (`.env`), or nothing after the dot.
  if (dot == std::string_view::npos || dot == segment || dot + 1 == end) return {};
  const std::string_view ext = path.substr(dot + 1, end - dot - 1);
  if (ext.size() > kMaxExtension) return {};
  for (const char c : ext) {
    if (!isAlnum(c)) return {};
  }
  return ext;
}

bool isStaticPath(std::string_view path) {
  const std::string_view ext = fileExtension(path);
  if (ext.empty()) return false;
  for (const std::string_view candidate : kStaticExtensions) {
    if (equalsIgnoreCase(ext, candidate)) return true;
  }
  return false;
}

std::string_view browserFamily(std::string_view agent) {
  if (isAbsent(agent)) return kUnknown;
  auto scan = [](std::string_view a) { return classify(a, kBrowserRules); };
  if (agent.size() > kMaxCachedAgent) return scan(agent);
  thread_local FamilyCache cache;
  return cache.get(agent, scan);
}

std::string_view osFamily(std::string_view agent) {
  if (isAbsent(agent)) return kUnknown;
  auto scan = [](std::string_view a) { return classify(a, kOsRules); };
  if (agent.size() > kMaxCachedAgent) return scan(agent);
  thread_local FamilyCache cache;
  return cache.get(agent, scan);
}

std::span<const std::string_view> browserFamilies() {
  static const std::vector<std::string_view> kFamilies = familiesOf(kBrowserRules);
  return kFamilies;
}

std::span<const std::string_view> osFamilies() {
  static const std::vector<std::string_view> kFamilies = familiesOf(kOsRules);
  return kFamilies;
}

}  // namespace logmill::workers
