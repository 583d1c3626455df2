#include "datasets/FileGenerator.hpp"

#include <array>
#include <charconv>
#include <chrono>

#include "datasets/civilTime.hpp"
#include "datasets/styledRecord.hpp"

namespace logmill::datasets {
namespace {

template <typename T, std::size_t N>
using Weights = std::array<std::pair<T, std::uint32_t>, N>;

// Shares per million lines. Malformed lines are ~0.1%, odd-but-valid records
// (garbage request, no protocol, robots.txt look-alikes) a few per 10,000.
constexpr std::uint32_t kMalformedPpm = 1'000;
constexpr std::uint32_t kGarbagePpm = 500;
constexpr std::uint32_t kNoProtocolPpm = 500;
constexpr std::uint32_t kRobotsLookalikePpm = 300;
// Chance that a visit of each client class starts with /robots.txt.
constexpr std::array<std::uint32_t, kClientClasses> kRobotsPpm = {500, 80'000, 20'000};
constexpr std::uint32_t kRobotsSize = 312;
constexpr std::uint32_t kQuerySuffixPpm = 30'000;
constexpr std::uint32_t kJitterPpm = 200'000;      // lines logged a little out of order
constexpr std::uint32_t kVaryingApiPpm = 300'000;  // API answers whose size varies
constexpr std::uint32_t kUserPpm = 700'000;

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
constexpr std::int64_t kSecondsPerDay = 86'400;

// Who starts a visit, and how many more requests a visit makes on average
// (uniform in 0..2*mean). Line shares follow from both.
constexpr Weights<ClientClass, 3> kVisitMix = {
    {{ClientClass::kHuman, 10}, {ClientClass::kCrawler, 23}, {ClientClass::kScript, 67}}};
constexpr std::array<std::uint64_t, kClientClasses> kVisitLength = {14, 5, 3};

// The kind of a visit's first request (and every request of non-humans).
constexpr std::array<Weights<PathKind, 4>, kClientClasses> kFirstKindMix = {{
    {{{PathKind::kPage, 800},
      {PathKind::kStatic, 90},
      {PathKind::kApi, 105},
      {PathKind::kScanner, 5}}},
    {{{PathKind::kPage, 900},
      {PathKind::kStatic, 100},
      {PathKind::kApi, 0},
      {PathKind::kScanner, 0}}},
    {{{PathKind::kPage, 250},
      {PathKind::kStatic, 70},
      {PathKind::kApi, 600},
      {PathKind::kScanner, 80}}},
}};
// What a browser fetches after a page: mostly its assets.
constexpr Weights<PathKind, 3> kFollowKindMix = {
    {{PathKind::kStatic, 850}, {PathKind::kApi, 80}, {PathKind::kPage, 70}}};

constexpr std::array<Weights<std::string_view, 6>, kPathKinds> kMethodMix = {{
    {{{"GET", 9300}, {"POST", 400}, {"HEAD", 200}, {"OPTIONS", 50}, {"PUT", 25}, {"DELETE", 25}}},
    {{{"GET", 9800}, {"HEAD", 200}, {"POST", 0}, {"OPTIONS", 0}, {"PUT", 0}, {"DELETE", 0}}},
    {{{"GET", 6000}, {"POST", 2500}, {"PUT", 800}, {"DELETE", 500}, {"OPTIONS", 200}, {"HEAD", 0}}},
    {{{"GET", 8000}, {"POST", 1800}, {"HEAD", 200}, {"OPTIONS", 0}, {"PUT", 0}, {"DELETE", 0}}},
}};

constexpr std::array<Weights<int, 13>, kPathKinds> kStatusMix = {{
    {{{200, 8500},
      {301, 250},
      {302, 250},
      {304, 400},
      {404, 350},
      {403, 50},
      {401, 40},
      {400, 30},
      {500, 60},
      {502, 30},
      {503, 40},
      {206, 0},
      {416, 0}}},
    {{{200, 8380},
      {304, 1200},
      {206, 150},
      {404, 220},
      {416, 20},
      {403, 10},
      {500, 5},
      {503, 15},
      {301, 0},
      {302, 0},
      {400, 0},
      {401, 0},
      {502, 0}}},
    {{{200, 8200},
      {400, 400},
      {401, 400},
      {403, 150},
      {404, 350},
      {500, 200},
      {502, 100},
      {503, 200},
      {301, 0},
      {302, 0},
      {304, 0},
      {206, 0},
      {416, 0}}},
    {{{404, 8500},
      {403, 800},
      {301, 300},
      {200, 300},
      {400, 100},
      {302, 0},
      {304, 0},
      {401, 0},
      {500, 0},
      {502, 0},
      {503, 0},
      {206, 0},
      {416, 0}}},
}};

constexpr std::array<Weights<std::string_view, 3>, kClientClasses> kProtocolMix = {{
    {{{"HTTP/1.1", 62}, {"HTTP/2.0", 36}, {"HTTP/1.0", 2}}},
    {{{"HTTP/1.1", 90}, {"HTTP/2.0", 5}, {"HTTP/1.0", 5}}},
    {{{"HTTP/1.1", 85}, {"HTTP/1.0", 15}, {"HTTP/2.0", 0}}},
}};

constexpr Weights<std::string_view, 6> kSearchReferrers = {{{"https://www.google.com/", 60},
                                                            {"https://www.bing.com/", 15},
                                                            {"https://duckduckgo.com/", 10},
                                                            {"https://www.google.de/", 5},
                                                            {"https://yandex.ru/", 5},
                                                            {"https://search.yahoo.com/", 5}}};

constexpr std::array<std::string_view, 4> kSocialReferrers = {
    "https://t.co/", "https://www.reddit.com/", "https://news.ycombinator.com/",
    "android-app://com.google.android.gm/"};

constexpr std::string_view kSite = "https://www.example.com";

constexpr std::array<std::string_view, 4> kQuerySuffixes = {
    "utm_source=newsletter", "utm_source=twitter", "ref=home", "fbclid=IwAR2xk"};

constexpr std::array<std::string_view, 5> kRobotsLookalikes = {
    "/robots.txt?x=1", "/robots.txt?v=2", "/robots.txt/", "/robots.txt.bak", "/Robots.txt"};

constexpr std::array<std::string_view, 8> kTimezones = {"+0000", "-0700", "+0100", "+0200",
                                                        "-0500", "+0530", "-0800", "+0900"};

constexpr std::int64_t kFirstDay = daysFromCivil(2023, 11, 1);
static_assert(toCivil(kFirstDay * kSecondsPerDay + 3661).day == 1);
static_assert(toCivil(kFirstDay * kSecondsPerDay + 3661).minute == 1);

constexpr std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return hash;
}

}  // namespace

struct FileGenerator::Request {
  const Client* client = nullptr;
  ClientClass cls = ClientClass::kHuman;
  PathKind kind = PathKind::kPage;
  std::string_view user = "-";
  std::string_view method;  // empty: the request is one opaque word
  std::string_view target;
  char suffixSep = 0;  // '?' or '&' before suffix; 0 for none
  std::string_view suffix;
  std::string_view protocol;  // empty: HTTP/0.9 style, no protocol
  int status = 200;
  std::int64_t bytes = -1;        // -1 logs as "-"
  std::string_view referrerSite;  // written before referrer: kSite or empty
  std::string_view referrer = "-";
  bool headerless = false;  // referrer and agent logged as "-"
};

FileGenerator::FileGenerator(const Catalog& catalog, std::uint64_t seed, unsigned fileIndex,
                             std::uint64_t lines, LogStyle style, std::uint32_t robotsPpm)
    : m_catalog(catalog),
      m_rng(seed, std::uint64_t{fileIndex} + 1),
      m_lines(lines),
      m_robotsPpm(robotsPpm),
      m_style(style) {
  m_dayStart = (kFirstDay + fileIndex) * kSecondsPerDay;
  m_timezone = kTimezones[m_rng.below(kTimezones.size())];
  const int hours = (m_timezone[1] - '0') * 10 + (m_timezone[2] - '0');
  const int minutes = (m_timezone[3] - '0') * 10 + (m_timezone[4] - '0');
  m_offsetMinutes = (m_timezone[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  m_buffer.reserve(kChunkBytes + 64 * 1024);  // a line is < 1 KiB: no reallocation
  m_scratch.reserve(256);
}

Tally FileGenerator::run(const std::function<void(std::string_view)>& sink) {
  appendStyledHeader(m_style, m_buffer);
  for (std::uint64_t i = 0; i < m_lines; ++i) {
    appendLine(i);
    if (m_buffer.size() >= kChunkBytes) {
      sink(m_buffer);
      m_buffer.clear();
    }
  }
  if (!m_buffer.empty()) sink(m_buffer);
  m_buffer.clear();
  return std::move(m_tally);
}

std::int64_t FileGenerator::timeOf(std::uint64_t index) {
  // Evenly spread over the file's day, with a little jitter: real logs are
  // written at request end, so neighbours are not strictly sorted.
  const auto offset = static_cast<std::int64_t>(index * kSecondsPerDay / m_lines);
  const std::int64_t jittered = offset + (m_rng.chance(kJitterPpm) ? m_rng.between(-2, 2) : 0);
  return m_dayStart + std::clamp<std::int64_t>(jittered, 0, kSecondsPerDay - 1);
}

void FileGenerator::appendLine(std::uint64_t index) {
  const std::int64_t when = timeOf(index);
  std::uint64_t roll = m_rng.below(1'000'000);
  if (roll < kMalformedPpm) return appendMalformed(when);
  roll -= kMalformedPpm;
  if (roll < kGarbagePpm) return appendGarbage(when);
  roll -= kGarbagePpm;
  if (roll < kNoProtocolPpm) return appendNoProtocol(when);
  roll -= kNoProtocolPpm;
  if (roll < kRobotsLookalikePpm) return appendRobotsLookalike(when);
  appendNormal(when);
}

namespace {

/// Response size as Apache logs %b: "-" (-1) for no body.
std::int64_t bytesFor(int status, std::string_view method, PathKind kind, std::uint32_t size,
                      Rng& rng) {
  if (method == "HEAD" || method == "OPTIONS" || status == 304) return -1;
  switch (status) {
    case 200:
      if (kind != PathKind::kApi || !rng.chance(kVaryingApiPpm)) return size;
      // API responses vary a little from one request to the next.
      return size - size / 20 + static_cast<std::int64_t>(rng.below(size / 10 + 1));
    case 206:
      return rng.between(size / 8, std::max<std::int64_t>(size / 8, size - 1));
    case 301:
    case 302:
      return rng.between(228, 262);
    case 400:
      return 226;
    case 401:
      return 381;
    case 403:
      return 199;
    case 404:
      return rng.between(196, 240);
    case 416:
      return 400;
    default:  // 5xx: sometimes the connection died before a body went out
      if (rng.chance(100'000)) return -1;
      return status == 500 ? 527 : status == 502 ? 497 : 299;
  }
}

}  // namespace

void FileGenerator::appendNormal(std::int64_t when) {
  // No draw at all without the option: the default mix stays byte-identical.
  if (m_robotsPpm > 0 && m_rng.chance(m_robotsPpm)) {
    appendCrawlerRobots(when);
    return;
  }
  // Lines come from a few interleaved visits, as in a real log: a browser
  // fetches a page and then its assets, a crawler walks several pages.
  Visit& visit = m_visits[m_rng.below(m_visits.size())];
  Request request;
  if (visit.remaining == 0) {
    startVisit(visit, request);
  } else {
    --visit.remaining;
    continueVisit(visit, request);
  }
  request.client = visit.client;
  request.cls = visit.cls;
  request.user = visit.user;
  request.protocol = visit.protocol;
  appendRecord(when, request);
}

/// A crawler's lone /robots.txt fetch, outside the interleaved visits.
void FileGenerator::appendCrawlerRobots(std::int64_t when) {
  Request request;
  request.cls = ClientClass::kCrawler;
  request.client = &m_catalog.client(request.cls, m_rng);
  request.protocol = pickWeighted(m_rng, kProtocolMix[static_cast<std::size_t>(request.cls)]);
  chooseRobots(request);
  appendRecord(when, request);
}

void FileGenerator::startVisit(Visit& visit, Request& request) {
  visit.cls = pickWeighted(m_rng, kVisitMix);
  const auto cls = static_cast<std::size_t>(visit.cls);
  visit.client = &m_catalog.client(visit.cls, m_rng);
  visit.protocol = pickWeighted(m_rng, kProtocolMix[cls]);
  visit.user = !visit.client->user.empty() && m_rng.chance(kUserPpm) ? visit.client->user : "-";
  visit.remaining = static_cast<std::uint32_t>(m_rng.below(kVisitLength[cls] * 2 + 1));
  visit.page = {};
  visit.assetsFetched = 0;
  visit.last = nullptr;
  if (m_rng.chance(kRobotsPpm[cls])) {
    chooseRobots(request);
    return;
  }
  const PathKind kind = pickWeighted(m_rng, kFirstKindMix[cls]);
  visit.last = &chooseTarget(request, kind, visit.cls == ClientClass::kCrawler);
  visit.lastKind = kind;
  if (visit.cls != ClientClass::kHuman) return;
  if (request.kind == PathKind::kPage) {
    visit.page = request.target;
    chooseEntryReferrer(request);
  } else if (request.kind != PathKind::kScanner && m_rng.below(2) == 0) {
    request.referrerSite = kSite;
    request.referrer = m_catalog.resource(PathKind::kPage, m_rng).target;
  }
}

void FileGenerator::continueVisit(Visit& visit, Request& request) {
  const auto cls = static_cast<std::size_t>(visit.cls);
  if (visit.cls == ClientClass::kScript && visit.last != nullptr && m_rng.below(2) == 0) {
    // Pollers and API clients ask for the same thing again and again.
    chooseTarget(request, visit.lastKind, *visit.last, false);
    return;
  }
  if (visit.cls != ClientClass::kHuman) {
    const PathKind kind = pickWeighted(m_rng, kFirstKindMix[cls]);
    visit.last = &chooseTarget(request, kind, visit.cls == ClientClass::kCrawler);
    visit.lastKind = kind;
    return;
  }
  const PathKind kind = pickWeighted(m_rng, kFollowKindMix);
  if (kind == PathKind::kStatic && !visit.page.empty()) {
    // A page embeds the same assets for every visitor: draw them from a
    // sequence fixed by the page.
    Rng pageAssets(fnv1a(visit.page), visit.assetsFetched++);
    chooseTarget(request, kind, m_catalog.resource(kind, pageAssets), false);
  } else {
    chooseTarget(request, kind, false);
  }
  if (!visit.page.empty()) {
    request.referrerSite = kSite;
    request.referrer = visit.page;
  }
  if (request.kind == PathKind::kPage) {
    visit.page = request.target;
    visit.assetsFetched = 0;
  }
}

void FileGenerator::chooseRobots(Request& request) {
  request.target = "/robots.txt";
  request.kind = PathKind::kStatic;
  request.method = m_rng.chance(50'000) ? "HEAD" : "GET";
  request.status = m_rng.chance(60'000) ? 304 : 200;
  request.bytes = bytesFor(request.status, request.method, request.kind, kRobotsSize, m_rng);
}

const Resource& FileGenerator::chooseTarget(Request& request, PathKind kind, bool crawler) {
  const Resource& resource = m_catalog.resource(kind, m_rng);
  chooseTarget(request, kind, resource, crawler);
  return resource;
}

void FileGenerator::chooseTarget(Request& request, PathKind kind, const Resource& resource,
                                 bool crawler) {
  const auto k = static_cast<std::size_t>(kind);
  request.kind = kind;
  request.target = resource.target;
  // Crawlers only read.
  request.method =
      crawler ? (m_rng.chance(30'000) ? "HEAD" : "GET") : pickWeighted(m_rng, kMethodMix[k]);
  request.status = pickWeighted(m_rng, kStatusMix[k]);
  // Conditional and range answers only exist for reads.
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (!read && (request.status == 304 || request.status == 206 || request.status == 416)) {
    request.status = 200;
  }
  if (kind == PathKind::kPage && m_rng.chance(kQuerySuffixPpm)) {
    request.suffixSep = request.target.find('?') == std::string_view::npos ? '?' : '&';
    request.suffix = kQuerySuffixes[m_rng.below(kQuerySuffixes.size())];
  }
  request.bytes = bytesFor(request.status, request.method, kind, resource.size, m_rng);
}

void FileGenerator::chooseEntryReferrer(Request& request) {
  // Per mille: typed or bookmarked, a search engine, social, another page.
  const auto roll = m_rng.below(1000);
  if (roll < 450) return;
  if (roll < 800) {
    request.referrer = pickWeighted(m_rng, kSearchReferrers);
  } else if (roll < 880) {
    request.referrer = kSocialReferrers[m_rng.below(kSocialReferrers.size())];
  } else {
    request.referrerSite = kSite;
    request.referrer = m_catalog.resource(PathKind::kPage, m_rng).target;
  }
}

void FileGenerator::appendGarbage(std::int64_t when) {
  // What port scanners and TLS-on-port-80 clients leave in an access log:
  // Apache escapes the raw bytes as \xNN, and there is no space to split on.
  static constexpr std::array<std::string_view, 4> kFixed = {"\\x16\\x03\\x01\\x00",
                                                             "\\x05\\x01\\x00", "HELP", "\\x00"};
  m_scratch.clear();
  if (m_rng.below(5) < 2) {
    m_scratch = kFixed[m_rng.below(kFixed.size())];
  } else {
    static constexpr char kHex[] = "0123456789abcdef";
    m_scratch = "\\x16\\x03\\x01";
    const auto extra = m_rng.below(10);
    for (std::uint64_t i = 0; i < extra; ++i) {
      const auto byte = m_rng.below(256);
      m_scratch += "\\x";
      m_scratch.push_back(kHex[byte >> 4]);
      m_scratch.push_back(kHex[byte & 15]);
    }
  }
  Request request;
  request.cls = ClientClass::kScript;
  request.client = &m_catalog.client(ClientClass::kScript, m_rng);
  request.target = m_scratch;
  request.status = 400;
  request.bytes = m_rng.chance(300'000) ? -1 : 226;
  request.headerless = true;
  appendRecord(when, request);
}

void FileGenerator::appendNoProtocol(std::int64_t when) {
  // HTTP/0.9-style request lines ("GET /index.html") from old tools.
  Request request;
  request.cls = ClientClass::kScript;
  request.client = &m_catalog.client(ClientClass::kScript, m_rng);
  request.kind = PathKind::kPage;
  const Resource& resource = m_catalog.resource(PathKind::kPage, m_rng);
  request.method = "GET";
  request.target = resource.target;
  request.status = m_rng.chance(800'000) ? 200 : 400;
  request.bytes = bytesFor(request.status, request.method, request.kind, resource.size, m_rng);
  request.headerless = true;
  appendRecord(when, request);
}

void FileGenerator::appendRobotsLookalike(std::int64_t when) {
  // Targets that are not exactly /robots.txt: a correct robots query skips them.
  Request request;
  request.cls = m_rng.below(2) == 0 ? ClientClass::kScript : ClientClass::kHuman;
  request.client = &m_catalog.client(request.cls, m_rng);
  request.kind = PathKind::kScanner;
  request.method = "GET";
  request.target = m_rng.below(2) == 0 ? kRobotsLookalikes[0]
                                       : kRobotsLookalikes[m_rng.below(kRobotsLookalikes.size())];
  request.status = request.target.find('?') != std::string_view::npos ? 200 : 404;
  request.protocol = "HTTP/1.1";
  request.bytes = bytesFor(request.status, request.method, PathKind::kStatic, kRobotsSize, m_rng);
  appendRecord(when, request);
}

void FileGenerator::appendNumber(std::uint64_t value) {
  datasets::appendNumber(m_buffer, value);
}

void FileGenerator::appendTime(std::int64_t when) {
  appendClf(m_buffer, when);
  m_buffer.push_back(' ');
  m_buffer += m_timezone;
}

void FileGenerator::appendRecord(std::int64_t when, const Request& request) {
  if (m_style != LogStyle::Combined) return appendStyled(when, request);
  const std::size_t hostBegin = m_buffer.size();
  m_buffer += request.client->host;
  const std::size_t hostEnd = m_buffer.size();
  m_buffer += " - ";
  m_buffer += request.user;
  m_buffer += " [";
  appendTime(when);
  m_buffer += "] \"";
  if (!request.method.empty()) {
    m_buffer += request.method;
    m_buffer.push_back(' ');
  }
  const std::size_t pathBegin = m_buffer.size();
  m_buffer += request.target;
  if (request.suffixSep != 0) {
    m_buffer.push_back(request.suffixSep);
    m_buffer += request.suffix;
  }
  const std::size_t pathEnd = m_buffer.size();
  if (!request.protocol.empty()) {
    m_buffer.push_back(' ');
    m_buffer += request.protocol;
  }
  m_buffer += "\" ";
  appendNumber(static_cast<std::uint64_t>(request.status));
  m_buffer.push_back(' ');
  if (request.bytes < 0) {
    m_buffer.push_back('-');
  } else {
    appendNumber(static_cast<std::uint64_t>(request.bytes));
  }
  m_buffer += " \"";
  if (request.headerless) {
    m_buffer += "-\" \"-\"\n";
  } else {
    m_buffer += request.referrerSite;
    m_buffer += request.referrer;
    m_buffer += "\" \"";
    m_buffer += request.client->agent;
    m_buffer += "\"\n";
  }
  const std::string_view text = m_buffer;
  m_tally.countValid(text.substr(hostBegin, hostEnd - hostBegin),
                     text.substr(pathBegin, pathEnd - pathBegin), request.status);
}

void FileGenerator::appendStyled(std::int64_t when, const Request& request) {
  m_path.assign(request.target);
  if (request.suffixSep != 0) {
    m_path.push_back(request.suffixSep);
    m_path += request.suffix;
  }
  StyledRecord record;
  record.host = request.client->host;
  record.user = request.user;
  record.method = request.method;
  record.path = m_path;
  record.protocol = request.protocol;
  record.status = request.status;
  record.bytes = request.bytes;
  record.referrerSite = request.headerless ? std::string_view() : request.referrerSite;
  record.referrer = request.headerless ? std::string_view("-") : request.referrer;
  record.agent = request.headerless ? std::string_view("-") : request.client->agent;
  record.localSeconds = when;
  record.offsetMinutes = m_offsetMinutes;
  record.serial = m_serial++;
  appendStyledRecord(m_style, record, m_buffer);
  m_tally.countValid(record.host, record.path, request.status);
}

void FileGenerator::appendMalformed(std::int64_t when) {
  switch (m_rng.below(4)) {
    case 0:
      appendTruncated(when, true);
      break;
    case 1:
      appendTruncated(when, false);
      break;
    case 2:
      appendErrorLogLine(when);
      break;
    default:
      appendPrintableGarbage();
      break;
  }
  m_tally.countMalformed();
}

void FileGenerator::appendTruncated(std::int64_t when, bool inTimestamp) {
  // A writer killed mid-line: cut strictly inside the timestamp or the
  // request, so neither the closing bracket/quote nor a status follows. (A
  // combined line cut after %b would still be a valid common line.)
  const Client& client = m_catalog.client(ClientClass::kHuman, m_rng);
  m_buffer += client.host;
  m_buffer += " - - [";
  const std::size_t timeBegin = m_buffer.size();
  appendTime(when);
  if (inTimestamp) {
    m_buffer.resize(timeBegin + m_rng.below(m_buffer.size() - timeBegin));
    m_buffer.push_back('\n');
    return;
  }
  m_buffer += "] \"";
  const std::size_t requestBegin = m_buffer.size();
  m_buffer += "GET ";
  m_buffer += m_catalog.resource(PathKind::kPage, m_rng).target;
  m_buffer += " HTTP/1.1";
  const std::size_t length = m_buffer.size() - requestBegin;
  m_buffer.resize(requestBegin + 1 + m_rng.below(length - 1));
  m_buffer.push_back('\n');
}

void FileGenerator::appendErrorLogLine(std::int64_t when) {
  // An nginx error-log line that landed in the access log.
  const Civil t = toCivil(when);
  appendDate(m_buffer, t, '/');
  m_buffer.push_back(' ');
  appendClock(m_buffer, t);
  m_buffer += " [error] ";
  appendNumber(1000 + m_rng.below(30000));
  m_buffer += "#0: *";
  appendNumber(1 + m_rng.below(5'000'000));
  const std::string_view target = m_catalog.resource(PathKind::kScanner, m_rng).target;
  const bool timeout = m_rng.below(2) == 0;
  if (timeout) {
    m_buffer +=
        " upstream timed out (110: Connection timed out) while reading response header "
        "from upstream";
  } else {
    m_buffer += " open() \"/var/www/html";
    m_buffer += target.substr(0, target.find('?'));
    m_buffer += "\" failed (2: No such file or directory)";
  }
  m_buffer += ", client: ";
  m_buffer += m_catalog.client(ClientClass::kScript, m_rng).host;
  m_buffer += ", server: example.com, request: \"GET ";
  m_buffer += target;
  m_buffer += " HTTP/1.1\", host: \"www.example.com\"\n";
}

void FileGenerator::appendPrintableGarbage() {
  // No '[' and no '"': without a bracketed time no access-log format matches.
  const auto length = 20 + m_rng.below(80);
  for (std::uint64_t i = 0; i < length; ++i) {
    char c = '[';
    while (c == '[' || c == '"' || ((i == 0 || i + 1 == length) && c == ' ')) {
      c = static_cast<char>(' ' + m_rng.below(95));
    }
    m_buffer.push_back(c);
  }
  m_buffer.push_back('\n');
}

}  // namespace logmill::datasets
