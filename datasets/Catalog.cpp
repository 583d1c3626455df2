#include "datasets/Catalog.hpp"

#include <charconv>
#include <unordered_set>
#include <utility>

#include "datasets/appendText.hpp"

namespace logmill::datasets {
namespace {

using Agents = std::array<std::pair<std::string_view, std::uint32_t>, 17>;

// Browser mix loosely after public 2023 usage shares (weights per mille).
constexpr Agents kBrowserAgents = {{
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36",
     220},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/119.0.0.0 Safari/537.36",
     80},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36",
     90},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
     "Safari/537.36",
     30},
    {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Mobile Safari/537.36",
     140},
    {"Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
     30},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
     "like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
     140},
    {"Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/16.6 Mobile/15E148 Safari/604.1",
     30},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.1 Safari/605.1.15",
     60},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
     30},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0", 60},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:120.0) Gecko/20100101 Firefox/120.0", 20},
    {"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", 30},
    {"Mozilla/5.0 (Android 13; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0", 10},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
     60},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
     10},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) FxiOS/120.0 Mobile/15E148 Safari/605.1.15",
     10},
}};

constexpr std::array<std::pair<std::string_view, std::uint32_t>, 7> kScriptAgents = {{
    {"curl/7.68.0", 25},
    {"curl/8.4.0", 15},
    {"python-requests/2.31.0", 25},
    {"python-requests/2.28.2", 10},
    {"Go-http-client/1.1", 12},
    {"Wget/1.21.3", 8},
    {"-", 5},
}};

/// A crawler family: its user agents and where its requests come from.
struct CrawlerFamily {
  std::string_view agents[2];
  std::uint32_t weight;                  // share of crawler hosts, per cent
  std::array<std::string_view, 3> nets;  // first three octets, "a.b.c"
  std::string_view hostPrefix;           // reverse-DNS name: prefix + dashed ip + suffix
  std::string_view hostSuffix;
};

constexpr std::array<CrawlerFamily, 4> kCrawlers = {{
    {{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like "
      "Gecko) Chrome/120.0.6099.129 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
      "+http://www.google.com/bot.html)"},
     45,
     {"66.249.66", "66.249.64", "66.249.79"},
     "crawl-",
     ".googlebot.com"},
    {{"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
      "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"},
     25,
     {"157.55.39", "40.77.167", "207.46.13"},
     "msnbot-",
     ".search.msn.com"},
    {{"Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
      "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"},
     15,
     {"5.255.253", "95.108.213", "213.180.203"},
     "",
     ".spider.yandex.com"},
    {{"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
      "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"},
     15,
     {"54.36.148", "54.36.149", "5.39.1"},
     "ip-",
     ".a.ahrefs.com"},
}};

constexpr std::array<std::string_view, 20> kUserNames = {
    "alice", "bob",  "carol", "dave",  "erin",  "frank",  "grace",  "heidi", "ivan", "judy",
    "admin", "jdoe", "oscar", "peggy", "trent", "victor", "walter", "mike",  "sara", "user123"};

constexpr std::array<std::string_view, 64> kWords = {
    "apache",  "nginx",   "logs",     "gzip",    "python",  "cpp",      "linux",  "kernel",
    "docker",  "cluster", "metrics",  "grafana", "summer",  "winter",   "travel", "coffee",
    "recipe",  "garden",  "bike",     "camera",  "laptop",  "phone",    "music",  "guitar",
    "piano",   "movie",   "review",   "guide",   "intro",   "advanced", "tips",   "news",
    "release", "update",  "security", "privacy", "cloud",   "storage",  "backup", "network",
    "router",  "wifi",    "parallel", "threads", "process", "memory",   "cache",  "disk",
    "red",     "blue",    "green",    "black",   "white",   "small",    "large",  "fast",
    "slow",    "home",    "office",   "school",  "team",    "project",  "design", "data"};

constexpr std::array<std::string_view, 10> kApiResources = {
    "users",    "orders",  "items",  "sessions", "carts",
    "products", "reviews", "events", "tokens",   "reports"};

constexpr std::array<std::string_view, 24> kScannerTargets = {
    "/wp-login.php",
    "/xmlrpc.php",
    "/.env",
    "/.git/config",
    "/wp-admin/",
    "/phpmyadmin/index.php",
    "/admin/login.php",
    "/cgi-bin/test.cgi",
    "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
    "/boaform/admin/formLogin",
    "/HNAP1/",
    "/actuator/health",
    "/.aws/credentials",
    "/config.json",
    "/server-status",
    "/solr/admin/info/system?wt=json",
    "/owa/auth/logon.aspx",
    "/backup.zip",
    "/.DS_Store",
    "/wp-includes/wlwmanifest.xml",
    "/shell.php",
    "/admin/config.php",
    "/.well-known/security.txt",
    "/console/"};

std::string_view word(Rng& rng) {
  return kWords[rng.below(kWords.size())];
}

/// prefix + word + sep + word + suffix. The draws are separate statements
/// because the operands of a chained `+` may be evaluated in any order.
std::string twoWords(Rng& rng, std::string_view prefix, std::string_view sep,
                     std::string_view suffix) {
  std::string out(prefix);
  out += word(rng);
  out += sep;
  out += word(rng);
  out += suffix;
  return out;
}

void appendHex(std::string& out, std::uint64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value, 16).ptr;
  out.append(digits, end);
}

/// Four octets joined by `sep`: "1.2.3.4" or "1-2-3-4".
std::string dottedQuad(std::string_view net, std::uint64_t last, char sep) {
  std::string out(net);
  if (sep != '.') {
    for (char& c : out) c = c == '.' ? sep : c;
  }
  out.push_back(sep);
  appendNumber(out, last);
  return out;
}

std::string randomIpv4(Rng& rng) {
  std::uint64_t first = 0;
  do {
    first = static_cast<std::uint64_t>(rng.between(1, 223));
  } while (first == 10 || first == 127);
  std::string out;
  appendNumber(out, first);
  for (int i = 0; i < 3; ++i) {
    out.push_back('.');
    appendNumber(out, static_cast<std::uint64_t>(rng.between(i == 2 ? 1 : 0, i == 2 ? 254 : 255)));
  }
  return out;
}

/// An address in the documentation prefix, compressed like real logs write
/// it: "2001:db8::1f", "2001:db8:85a3::8a2e:370:7334".
std::string randomIpv6(Rng& rng) {
  std::string out = "2001:db8";
  const auto middle = rng.below(3);
  for (std::uint64_t i = 0; i < middle; ++i) {
    out.push_back(':');
    appendHex(out, rng.between(1, 0xffff));
  }
  out += "::";
  const auto tail = 1 + rng.below(3);
  for (std::uint64_t i = 0; i < tail; ++i) {
    if (i > 0) out.push_back(':');
    appendHex(out, rng.between(1, i == 0 && tail == 1 ? 0xff : 0xffff));
  }
  return out;
}

/// A residential reverse-DNS name, as hostname-logging servers record.
std::string randomIspHostname(Rng& rng) {
  const std::string ip = randomIpv4(rng);
  std::string dashed = ip;
  for (char& c : dashed) c = c == '.' ? '-' : c;
  switch (rng.below(4)) {
    case 0:
      return "c-" + dashed + ".hsd1.ca.comcast.net";
    case 1:
      return "cpe-" + dashed + ".nyc.res.rr.com";
    case 2:
      return "pool-" + dashed + ".bstnma.fios.verizon.net";
    default:
      return "ppp-" + dashed + ".dsl.example.net";
  }
}

/// Inserts `candidate()` results into `seen` until one is new, and returns it.
template <typename MakeFn>
std::string unique(std::unordered_set<std::string>& seen, MakeFn&& candidate) {
  for (;;) {
    std::string value = candidate();
    if (seen.insert(value).second) return value;
  }
}

}  // namespace

namespace {

constexpr std::size_t kHumans = 46'000;
constexpr std::size_t kCrawlerHosts = 2'000;
constexpr std::size_t kScriptHosts = 2'000;

constexpr std::size_t kPages = 9'000;
constexpr std::size_t kStatics = 8'000;
constexpr std::size_t kApis = 2'500;
constexpr std::size_t kScanners = 120;

// Zipf-Mandelbrot offsets: larger flattens the head (the top human host gets
// about 1% of human requests, the top page about 4% of page requests).
constexpr std::array<std::uint32_t, kClientClasses> kClientQ = {10, 3, 5};
constexpr std::array<std::uint32_t, kPathKinds> kPathQ = {1, 1, 1, 1};

Client makeHuman(Rng& rng, std::unordered_set<std::string>& seen) {
  Client client;
  const auto kind = rng.below(100);
  client.host = unique(seen, [&] {
    return kind < 92 ? randomIpv4(rng) : kind < 97 ? randomIpv6(rng) : randomIspHostname(rng);
  });
  client.agent = pickWeighted(rng, kBrowserAgents);
  if (rng.chance(15'000)) client.user = kUserNames[rng.below(kUserNames.size())];
  return client;
}

Client makeCrawler(Rng& rng, std::unordered_set<std::string>& seen) {
  std::uint64_t pick = rng.below(100);
  std::size_t family = 0;
  while (pick >= kCrawlers[family].weight) pick -= kCrawlers[family++].weight;
  const CrawlerFamily& crawler = kCrawlers[family];
  Client client;
  const bool named = rng.chance(300'000);
  client.host = unique(seen, [&] {
    const std::string_view net = crawler.nets[rng.below(crawler.nets.size())];
    const auto last = static_cast<std::uint64_t>(rng.between(1, 254));
    if (!named) return dottedQuad(net, last, '.');
    return std::string(crawler.hostPrefix) + dottedQuad(net, last, '-') +
           std::string(crawler.hostSuffix);
  });
  // The second agent is the family's smartphone crawler where it has one.
  client.agent = crawler.agents[rng.chance(250'000) ? 1 : 0];
  return client;
}

Client makeScript(Rng& rng, std::unordered_set<std::string>& seen) {
  Client client;
  const bool v6 = rng.chance(150'000);
  client.host = unique(seen, [&] { return v6 ? randomIpv6(rng) : randomIpv4(rng); });
  client.agent = pickWeighted(rng, kScriptAgents);
  return client;
}

std::string makePage(Rng& rng) {
  std::string out;
  switch (rng.below(20)) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
      out = "/blog/20" + std::to_string(rng.between(15, 23)) + "/";
      appendNumber(out, static_cast<std::uint64_t>(rng.between(10, 12)));
      out += twoWords(rng, "/", "-", "");
      if (rng.below(2) == 0) out += "/";
      return out;
    case 7:
    case 8:
    case 9:
    case 10:
      return twoWords(rng, "/docs/", "/", ".html");
    case 11:
    case 12:
    case 13:
      out = "/products/";
      appendNumber(out, static_cast<std::uint64_t>(rng.between(100, 99999)));
      if (rng.below(4) == 0) out += "?color=" + std::string(word(rng));
      return out;
    case 14:
    case 15:
      out = "/category/" + std::string(word(rng)) + "?page=";
      appendNumber(out, static_cast<std::uint64_t>(rng.between(2, 40)));
      return out;
    case 16:
    case 17:
      return twoWords(rng, "/search?q=", "+", "");
    default:
      return twoWords(rng, "/", "/", "");
  }
}

std::string makeStatic(Rng& rng) {
  std::string out;
  switch (rng.below(20)) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
    case 7:
      out = "/static/img/" + std::string(word(rng)) + "-";
      appendNumber(out, static_cast<std::uint64_t>(rng.between(1, 999)));
      return out + ".jpg";
    case 8:
    case 9:
    case 10:
    case 11:
      return twoWords(rng, "/static/img/", "-", ".png");
    case 12:
    case 13:
    case 14:
      out = "/static/js/" + std::string(word(rng)) + ".";
      appendHex(out, rng.next() >> 32);
      return out + ".js";
    case 15:
    case 16:
      return twoWords(rng, "/static/css/", "-", ".css");
    case 17:
      return "/static/fonts/" + std::string(word(rng)) + ".woff2";
    default:
      out = "/static/img/thumbs/";
      appendNumber(out, static_cast<std::uint64_t>(rng.between(1000, 99999)));
      out += ".jpg";
      if (rng.below(3) == 0) {
        out += "?v=";
        appendNumber(out, static_cast<std::uint64_t>(rng.between(1, 9)));
      }
      return out;
  }
}

std::string makeApi(Rng& rng) {
  std::string out = "/api/v1/";
  out += kApiResources[rng.below(kApiResources.size())];
  const auto shape = rng.below(10);
  if (shape < 6) {
    out += "/";
    appendNumber(out, static_cast<std::uint64_t>(rng.between(1, 200000)));
  } else if (shape < 8) {
    out += "?page=";
    appendNumber(out, static_cast<std::uint64_t>(rng.between(1, 50)));
  } else {
    out += "/";
    appendNumber(out, static_cast<std::uint64_t>(rng.between(1, 200000)));
    out += "/";
    out += kApiResources[rng.below(kApiResources.size())];
  }
  return out;
}

std::string makeScanner(Rng& rng) {
  if (rng.below(2) == 0) return "/wp-content/plugins/" + std::string(word(rng)) + "/readme.txt";
  return "/" + std::string(word(rng)) + ".php";
}

std::uint32_t sizeFor(PathKind kind, std::string_view target, Rng& rng) {
  auto size = [&](std::int64_t lo, std::int64_t hi) {
    return static_cast<std::uint32_t>(rng.between(lo, hi));
  };
  switch (kind) {
    case PathKind::kPage:
      return size(2'000, 60'000);
    case PathKind::kApi:
      return size(60, 8'000);
    case PathKind::kScanner:
      return size(150, 4'000);
    case PathKind::kStatic:
      break;
  }
  if (target.ends_with(".js")) return size(8'000, 400'000);
  if (target.ends_with(".css")) return size(2'000, 80'000);
  if (target.ends_with(".woff2")) return size(15'000, 90'000);
  if (target.ends_with(".ico")) return size(300, 15'000);
  return size(3'000, 500'000);
}

}  // namespace

Catalog::Catalog(std::uint64_t seed) {
  Rng rng(seed, 0xca7a1096ULL);
  buildClients(rng);
  buildResources(rng);
  for (std::size_t c = 0; c < kClientClasses; ++c)
    m_clientRanks.emplace_back(m_clients[c].size(), kClientQ[c]);
  for (std::size_t k = 0; k < kPathKinds; ++k)
    m_resourceRanks.emplace_back(m_resources[k].size(), kPathQ[k]);
}

void Catalog::buildClients(Rng& rng) {
  std::unordered_set<std::string> seen;
  auto& humans = m_clients[static_cast<std::size_t>(ClientClass::kHuman)];
  auto& crawlers = m_clients[static_cast<std::size_t>(ClientClass::kCrawler)];
  auto& scripts = m_clients[static_cast<std::size_t>(ClientClass::kScript)];
  for (std::size_t i = 0; i < kHumans; ++i) humans.push_back(makeHuman(rng, seen));
  for (std::size_t i = 0; i < kCrawlerHosts; ++i) crawlers.push_back(makeCrawler(rng, seen));
  for (std::size_t i = 0; i < kScriptHosts; ++i) scripts.push_back(makeScript(rng, seen));
}

void Catalog::buildResources(Rng& rng) {
  // The head of each ranking is what every real site's head looks like.
  static constexpr std::array<std::string_view, 8> kPageHead = {
      "/", "/index.html", "/about", "/blog/", "/contact", "/feed.xml", "/sitemap.xml", "/login"};
  static constexpr std::array<std::string_view, 8> kStaticHead = {
      "/favicon.ico",          "/static/css/main.css",     "/static/js/app.js",
      "/static/img/logo.png",  "/static/js/vendor.js",     "/static/css/print.css",
      "/apple-touch-icon.png", "/static/fonts/inter.woff2"};
  static constexpr std::array<std::string_view, 3> kApiHead = {"/api/v1/status", "/api/v1/session",
                                                               "/api/v1/search?q=logs"};

  std::unordered_set<std::string> seen;
  auto fill = [&](PathKind kind, auto head, std::size_t count, auto make) {
    auto& pool = m_resources[static_cast<std::size_t>(kind)];
    for (std::string_view target : head) {
      seen.emplace(target);
      pool.push_back({std::string(target), sizeFor(kind, target, rng)});
    }
    while (pool.size() < count) {
      std::string target = unique(seen, [&] { return make(rng); });
      const std::uint32_t size = sizeFor(kind, target, rng);
      pool.push_back({std::move(target), size});
    }
  };
  fill(PathKind::kPage, kPageHead, kPages, makePage);
  fill(PathKind::kStatic, kStaticHead, kStatics, makeStatic);
  fill(PathKind::kApi, kApiHead, kApis, makeApi);
  fill(PathKind::kScanner, kScannerTargets, kScanners, makeScanner);
}

const Client& Catalog::client(ClientClass cls, Rng& rng) const {
  const auto c = static_cast<std::size_t>(cls);
  return m_clients[c][m_clientRanks[c].sample(rng)];
}

const Resource& Catalog::resource(PathKind kind, Rng& rng) const {
  const auto k = static_cast<std::size_t>(kind);
  return m_resources[k][m_resourceRanks[k].sample(rng)];
}

}  // namespace logmill::datasets
