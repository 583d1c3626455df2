#include "workers/parse/HaproxyFormat.hpp"

#include <cstring>

#include "workers/parse/LogFormat.hpp"
#include "workers/parse/TokenCursor.hpp"
#include "workers/parse/findByte.hpp"
#include "workers/parse/presetSyntax.hpp"

namespace logmill::workers {

namespace {

const std::array<std::string, HaproxyFormat::kExtraCount> kNames = {
    "frontend_name",
    "backend_name",
    "server_name",
    "tq",
    "tw",
    "tc",
    "tr",
    "ta",
    "termination_state",
    "actconn",
    "feconn",
    "beconn",
    "srv_conn",
    "retries",
    "srv_queue",
    "backend_queue",
    "captured_request_headers",
    "captured_response_headers",
    "captured_request_cookie",
    "captured_response_cookie",
};

enum Extra : std::size_t {
  kFrontend,
  kBackend,
  kServer,
  kTq,
  kTw,
  kTc,
  kTr,
  kTa,
  kTermination,
  kActconn,
  kSrvQueue = kActconn + 5,
  kBackendQueue,
  kRequestCaptures,
  kResponseCaptures,
  kRequestCookie,
  kResponseCookie,
};

/// Splits `text` at '/' into exactly `count` numbers (`-1`, a leading `+`
/// allowed, as HAProxy writes them) stored in `into`. One pass: a search
/// for each '/' (memchr, a call per number) cost more than the digits.
[[nodiscard]] bool splitNumbers(std::string_view text, std::string_view* into, std::size_t count) {
  const char* p = text.data();
  const char* const end = p + text.size();
  for (std::size_t i = 0; i < count; ++i) {
    const char* const start = p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    const char* const digits = p;
    while (p != end && syntax::isDigit(*p)) ++p;
    if (p == digits || p - digits > 18) return false;  // as syntax::parseUnsigned
    into[i] = std::string_view(start, static_cast<std::size_t>(p - start));
    if (i + 1 == count) return p == end;
    if (p == end || *p != '/') return false;
    ++p;
  }
  return true;
}

/// After `haproxy[1234]: ` when the line has such a tag (after a syslog
/// prefix or not); the whole line otherwise.
[[nodiscard]] std::string_view afterTag(std::string_view line) {
  // The tag comes before the quoted request, which may hold "]: " itself:
  // the first `]` followed by ": " and with no `"` before it.
  const char* const begin = line.data();
  const char* const end = begin + line.size();
  const char* close = begin;
  for (;; ++close) {
    close = findByte(close, begin, end, ']');
    if (end - close < 3) return line;
    if (close[1] == ':' && close[2] == ' ') break;
  }
  if (findByte(begin, begin, close, '"') != close) return line;
  const auto tagEnd = static_cast<std::size_t>(close - begin);
  const std::size_t open = line.rfind('[', tagEnd);
  if (open == std::string_view::npos || open == 0 || open + 1 == tagEnd) return line;
  for (std::size_t i = open + 1; i < tagEnd; ++i) {
    if (!syntax::isDigit(line[i])) return line;
  }
  return line.substr(tagEnd + 3);
}

/// `{...}` followed by a space: the captured headers (they may hold spaces).
[[nodiscard]] bool capture(std::string_view& rest, std::string_view& out) {
  if (rest.empty() || rest[0] != '{') return false;
  const std::size_t close = rest.find("} ");
  if (close == std::string_view::npos) return false;
  out = rest.substr(1, close - 1);
  rest.remove_prefix(close + 2);
  return true;
}

}  // namespace

const std::string& HaproxyFormat::name() const {
  static const std::string kName = "haproxy";
  return kName;
}

std::span<const std::string> HaproxyFormat::extraFieldNames() const {
  return kNames;
}

LineKind HaproxyFormat::read(std::string_view line, LogRecord& out, FieldMask needed) noexcept {
  TokenCursor cursor(afterTag(line));
  auto& x = m_extras;
  x = {};
  std::string_view client, acceptDate, backendServer, timers, status, bytes;
  if (!cursor.token(client) || !syntax::splitHostPort(client, out.host) ||
      !cursor.bracketed(acceptDate) || !readTime(acceptDate, out) || !cursor.token(x[kFrontend]) ||
      !cursor.token(backendServer) || !cursor.token(timers) || !splitNumbers(timers, &x[kTq], 5) ||
      !cursor.token(status) || !cursor.token(bytes)) {
    return LineKind::Malformed;
  }
  const char* const backendEnd = backendServer.data() + backendServer.size();
  const auto slash = static_cast<std::size_t>(
      findByte(backendServer.data(), line.data(), backendEnd, '/') - backendServer.data());
  if (slash == backendServer.size()) return LineKind::Malformed;
  x[kBackend] = backendServer.substr(0, slash);
  x[kServer] = backendServer.substr(slash + 1);
  if (status != "-1" && !syntax::parseStatus(status, out.status)) return LineKind::Malformed;
  if (!bytes.empty() && bytes[0] == '+') bytes.remove_prefix(1);
  if (!syntax::parseUnsigned(bytes, out.bytes)) return LineKind::Malformed;
  // Ta (or Tt before HAProxy 1.5) is the whole request's time, in ms.
  std::string_view total = x[kTa];
  if (total.starts_with('+')) total.remove_prefix(1);
  if (!syntax::parseMillis(total, out.durationMicros)) return LineKind::Malformed;
  std::string_view rest = cursor.rest();
  if (!readCounters(rest) || !readTail(rest, out)) return LineKind::Malformed;
  if (syntax::needsRequestParts(needed)) splitRequest(out.request, out);
  out.extras = x.data();
  out.extraCount = static_cast<std::uint8_t>(x.size());
  return LineKind::Record;
}

bool HaproxyFormat::readTime(std::string_view acceptDate, LogRecord& out) noexcept {
  // `06/Feb/2009:12:14:14.655`: the second, then an optional fraction.
  constexpr std::size_t kSecondsEnd = 20;
  if (acceptDate.size() < kSecondsEnd) return false;
  const std::string_view fraction = acceptDate.substr(kSecondsEnd);
  std::int64_t ignored = 0;
  if (!fraction.empty() && (fraction[0] != '.' || fraction.size() > 10 ||
                            !syntax::parseUnsigned(fraction.substr(1), ignored))) {
    return false;
  }
  std::memcpy(m_time.data(), acceptDate.data(), kSecondsEnd);
  std::memcpy(m_time.data() + kSecondsEnd, " +0000", 6);
  if (!syntax::hasClfTimeShape(m_time.data())) return false;
  out.timeText = std::string_view(m_time.data(), m_time.size());
  return true;
}

bool HaproxyFormat::readCounters(std::string_view& rest) noexcept {
  TokenCursor cursor(rest);
  auto& x = m_extras;
  std::string_view connections, queues;
  if (!cursor.token(x[kRequestCookie]) || !cursor.token(x[kResponseCookie]) ||
      !cursor.token(x[kTermination]) || !cursor.token(connections) ||
      !splitNumbers(connections, &x[kActconn], 5) || !cursor.token(queues) ||
      !splitNumbers(queues, &x[kSrvQueue], 2)) {
    return false;
  }
  rest = cursor.rest();
  return true;
}

bool HaproxyFormat::readTail(std::string_view rest, LogRecord& out) noexcept {
  auto& x = m_extras;
  if (capture(rest, x[kRequestCaptures])) (void)capture(rest, x[kResponseCaptures]);
  // The request is the rest of the line; HAProxy writes a quote inside it as
  // `#22`, so the last byte closes it.
  if (rest.size() < 2 || rest.front() != '"' || rest.back() != '"') return false;
  out.request = rest.substr(1, rest.size() - 2);
  return true;
}

}  // namespace logmill::workers
