#include "workers/parse/W3cFormat.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "workers/parse/LogFormat.hpp"
#include "workers/parse/presetSyntax.hpp"

namespace logmill::workers {

namespace {

// CloudFront's standard log columns as AWS documents them (2024).
constexpr std::string_view kCloudFrontFields =
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
    "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id "
    "x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher "
    "x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port "
    "time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end";

/// `cs(User-Agent)` -> `cs_user_agent`.
[[nodiscard]] std::string fieldName(std::string_view w3cName) {
  std::string name;
  for (char c : w3cName) {
    if (c == '-' || c == '(' || c == ')') {
      name += '_';
    } else {
      name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

[[nodiscard]] bool startsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char a, char b) { return (a | 0x20) == (b | 0x20); });
}

}  // namespace

W3cFormat::W3cFormat(bool cloudFront, bool fixed) : m_cloudFront(cloudFront), m_fixed(fixed) {}

W3cFormat W3cFormat::generic(bool fixed) {
  return W3cFormat(false, fixed);
}

W3cFormat W3cFormat::cloudFront() {
  W3cFormat format(true, true);
  (void)format.setLayout(kCloudFrontFields);
  format.m_everHadLayout = false;  // assumed, not read: no file holds it yet
  return format;
}

const std::string& W3cFormat::name() const {
  static const std::string kGeneric = "w3c";
  static const std::string kCloudFront = "cloudfront";
  return m_cloudFront ? kCloudFront : kGeneric;
}

std::span<const std::string> W3cFormat::extraFieldNames() const {
  return m_names;
}

bool W3cFormat::mayHaveField(std::string_view name) const {
  if (m_fixed || LineFormat::mayHaveField(name)) return true;
  // Under auto: the columns the W3C and IIS documents define, and
  // CloudFront's, as they read once named (`cs(User-Agent)` ->
  // `cs_user_agent`).
  static constexpr std::string_view kDocumented =
      "date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem "
      "cs-uri-query sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken "
      "cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer) s-dns c-dns x-forwarded-for";
  for (const std::string_view list : {kDocumented, kCloudFrontFields}) {
    std::size_t at = 0;
    while (at < list.size()) {
      const std::size_t end = std::min(list.find(' ', at), list.size());
      if (fieldName(list.substr(at, end - at)) == name) return true;
      at = end + 1;
    }
  }
  return false;
}

std::string_view W3cFormat::fileProblem() const {
  if (!m_recordWithoutLayout || m_everHadLayout) return {};
  return "W3C log without a #Fields: line before its first record";
}

LineKind W3cFormat::read(std::string_view line, LogRecord& out, FieldMask needed) noexcept {
  if (!line.empty() && line[0] == '#') return readDirective(line);
  if (m_roles.empty()) {
    // Only a file that announced itself as W3C (or was named so) is one
    // that lacks its header; in auto mode any other line just is not W3C.
    if (m_fixed || m_sawDirective) m_recordWithoutLayout = true;
    return LineKind::Malformed;
  }
  const bool extras = needed.has(FieldMask::kExtras);
  if (!split(line, extras) || !fill(out, needed)) return LineKind::Malformed;
  if (extras) {
    out.extras = m_values.data();
    out.extraCount = static_cast<std::uint8_t>(m_values.size());
  }
  return LineKind::Record;
}

LineKind W3cFormat::readDirective(std::string_view line) noexcept {
  line.remove_prefix(1);
  if (startsWithNoCase(line, "Fields:")) {
    if (!setLayout(line.substr(7))) return LineKind::Malformed;
    m_sawDirective = m_everHadLayout = true;
    return LineKind::Directive;
  }
  for (std::string_view name :
       {"Version:", "Software:", "Date:", "Start-Date:", "End-Date:", "Remark:"}) {
    if (startsWithNoCase(line, name)) {
      m_sawDirective = true;
      return LineKind::Directive;
    }
  }
  return LineKind::Malformed;
}

bool W3cFormat::setLayout(std::string_view fields) noexcept {
  try {
    std::vector<std::string> names;
    std::vector<Role> roles;
    bool edge = false;
    while (!fields.empty()) {
      const std::size_t end = std::min(fields.find(' '), fields.find('\t'));
      const std::string_view w3cName = fields.substr(0, end);
      fields.remove_prefix(end == std::string_view::npos ? fields.size() : end + 1);
      if (w3cName.empty()) continue;
      if (names.size() == kMaxFields) return false;
      names.push_back(fieldName(w3cName));
      const std::string& n = names.back();
      edge = edge || n == "x_edge_location";
      roles.push_back(n == "date"                  ? Role::Date
                      : n == "time"                ? Role::Time
                      : n == "c_ip"                ? Role::Host
                      : n == "cs_username"         ? Role::User
                      : n == "cs_method"           ? Role::Method
                      : n == "cs_uri_stem"         ? Role::UriStem
                      : n == "cs_uri_query"        ? Role::UriQuery
                      : n == "cs_version"          ? Role::Protocol
                      : n == "cs_protocol_version" ? Role::Protocol
                      : n == "sc_status"           ? Role::Status
                      : n == "sc_bytes"            ? Role::Bytes
                      : n == "time_taken"          ? Role::TimeTaken
                      : n == "cs_user_agent"       ? Role::Agent
                      : n == "cs_referer"          ? Role::Referrer
                      : n == "cs_host"             ? Role::HostHeader
                      : n == "x_host_header"       ? Role::ViewerHost
                                                   : Role::None);
    }
    if (names.empty()) return false;
    m_names = std::move(names);
    m_roles = std::move(roles);
    m_values.assign(m_roles.size(), {});
    m_filled.clear();
    m_columnOf.fill(-1);
    m_uniqueRoles = true;
    for (std::size_t i = 0; i < m_roles.size(); ++i) {
      if (m_roles[i] == Role::None) continue;
      m_filled.emplace_back(static_cast<std::uint8_t>(i), m_roles[i]);
      auto& column = m_columnOf[static_cast<std::size_t>(m_roles[i])];
      m_uniqueRoles = m_uniqueRoles && column < 0;  // else the last one wins, as fillOne does
      column = static_cast<std::int16_t>(i);
    }
    if (edge) m_cloudFront = true;
    return true;
  } catch (...) {  // out of memory: the line is not a usable header
    return false;
  }
}

namespace {

constexpr std::size_t kBlock = 64;

/// Bit i set where block[i] == c, for the 64 bytes at `block`.
[[nodiscard]] inline std::uint64_t bytesEqual(const char* block, char c) {
#ifdef __SSE2__
  const __m128i needle = _mm_set1_epi8(c);
  std::uint64_t bits = 0;
  for (int i = 0; i < 4; ++i) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * i));
    const auto m = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, needle)));
    bits |= static_cast<std::uint64_t>(m) << (16 * i);
  }
  return bits;
#else
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < kBlock; ++i) bits |= std::uint64_t{block[i] == c} << i;
  return bits;
#endif
}

/// The bits of the 64 bytes of `line` from `at` that equal c (fewer at the
/// end of the line: the line's last 64 bytes, shifted, or a padded copy).
[[nodiscard]] inline std::uint64_t blockBits(std::string_view line, std::size_t at, char c) {
  const std::size_t size = line.size();
  if (size - at >= kBlock) return bytesEqual(line.data() + at, c);
  if (size >= kBlock) return bytesEqual(line.data() + size - kBlock, c) >> (kBlock - (size - at));
  char padded[kBlock];
  std::memset(padded, c == 'x' ? 'y' : 'x', kBlock);
  std::memcpy(padded, line.data(), size);
  return bytesEqual(padded, c);
}

/// A portable popcount (the default target has no instruction for it, and
/// the library call costs more than these few operations).
[[nodiscard]] inline std::size_t countBits(std::uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return static_cast<std::size_t>((x * 0x0101010101010101ULL) >> 56);
}

}  // namespace

bool W3cFormat::split(std::string_view line, bool keepValues) noexcept {
  // No value holds a space or a tab, so the first one found tells which the
  // line uses (CloudFront: tabs) without searching the whole line.
  // (A plain loop: find_first_of calls memchr on the set for every byte.)
  char separator = ' ';
  for (const char c : line) {
    if (c == ' ' || c == '\t') {
      separator = c;
      break;
    }
  }
  const std::size_t size = line.size();
  const std::size_t count = m_roles.size();
  // The separators' offsets, found 64 bytes at a time and written 8 at a
  // time: a branch per separator (or per 16 bytes) mispredicted often
  // enough to be a third of a CloudFront run. Two separators in a row (an
  // empty value) are seen in the bits, so no value needs looking at.
  // m_cuts[0] stands for a separator before the line (so column c is
  // (m_cuts[c], m_cuts[c + 1]) with no case for the first or the last).
  std::uint32_t* cuts = m_cuts.data() + 1;
  std::size_t n = 0;
  std::uint64_t adjacent = 0, previousLast = 0;
  for (std::size_t at = 0; at < size; at += kBlock) {
    std::uint64_t bits = blockBits(line, at, separator);
    adjacent |= (bits & ((bits << 1) | previousLast));
    previousLast = bits >> 63;
    const std::size_t found = countBits(bits);
    // The first eight always (a block rarely has more): a loop bound by
    // `found` exits mispredicted on blocks of 0 or 9+ separators.
    for (std::size_t i = 0; i < 8; ++i) {
      cuts[n + i] = static_cast<std::uint32_t>(at + std::countr_zero(bits));
      bits &= bits - 1;
    }
    for (std::size_t done = 8; done < found; done += 8) {
      for (std::size_t i = 0; i < 8; ++i) {
        cuts[n + done + i] = static_cast<std::uint32_t>(at + std::countr_zero(bits));
        bits &= bits - 1;
      }
    }
    n += found;
    if (n >= count) return false;  // more columns than the layout
  }
  // Fewer columns, or an empty value (first, last or between two).
  if (n + 1 != count || adjacent != 0 || size == 0 || line[0] == separator ||
      line[size - 1] == separator) {
    return false;
  }
  m_cuts[0] = UINT32_MAX;  // + 1 wraps to 0, the first column's start
  cuts[n] = static_cast<std::uint32_t>(size);
  m_line = line;
  if (keepValues) {
    for (std::size_t i = 0; i < count; ++i) m_values[i] = value(i);
  }
  return true;
}

std::string_view W3cFormat::value(std::size_t column) const noexcept {
  const std::uint32_t start = m_cuts[column] + 1;
  return {m_line.data() + start, m_cuts[column + 1] - start};
}

[[gnu::always_inline]] inline bool W3cFormat::fillOne(Role role, std::string_view value,
                                                      LogRecord& out) noexcept {
  switch (role) {
    case Role::Date:
      m_date = value;
      return true;
    case Role::Time:
      m_clock = value;
      return true;
    case Role::Host:
      out.host = value;
      return true;
    case Role::User:
      out.user = value;
      return true;
    case Role::Method:
      out.method = value == "-" ? std::string_view() : value;
      return true;
    case Role::UriStem:
      m_stem = value;
      return true;
    case Role::UriQuery:
      m_query = value;
      return true;
    case Role::Protocol:
      out.protocol = value == "-" ? std::string_view() : value;
      return true;
    case Role::Status:
      return syntax::parseOptionalStatus(value, out.status);
    case Role::Bytes:
      return syntax::parseAmount(value, 1, out.bytes);
    case Role::TimeTaken:
      return m_cloudFront || syntax::hasByte(value, '.')
                 ? syntax::parseDecimalSeconds(value, out.durationMicros)
                 : syntax::parseMillis(value, out.durationMicros);
    case Role::Agent:
      out.agent = value;
      return true;
    case Role::Referrer:
      out.referrer = value;
      return true;
    case Role::HostHeader:
      m_hostHeader = value;
      return true;
    case Role::ViewerHost:
      m_viewerHost = value;
      return true;
    case Role::None:
      return true;
  }
  return true;
}

bool W3cFormat::fillByRole(LogRecord& out) noexcept {
  // Straight-line code instead of a switch per column: each role is in one
  // known column (or none), the same on every line. A value is never empty
  // (split), so empty means the layout lacks the column.
  const auto at = [this](Role role) {
    const int column = m_columnOf[static_cast<std::size_t>(role)];
    return column < 0 ? std::string_view() : value(static_cast<std::size_t>(column));
  };
  m_date = at(Role::Date);
  m_clock = at(Role::Time);
  m_stem = at(Role::UriStem);
  m_query = at(Role::UriQuery);
  m_hostHeader = at(Role::HostHeader);
  m_viewerHost = at(Role::ViewerHost);
  const auto set = [](std::string_view value, std::string_view& field) {
    if (!value.empty()) field = value;
  };
  const auto setDashless = [](std::string_view value, std::string_view& field) {
    if (!value.empty()) field = value == "-" ? std::string_view() : value;
  };
  set(at(Role::Host), out.host);
  set(at(Role::User), out.user);
  setDashless(at(Role::Method), out.method);
  setDashless(at(Role::Protocol), out.protocol);
  set(at(Role::Agent), out.agent);
  set(at(Role::Referrer), out.referrer);
  const std::string_view status = at(Role::Status);
  const std::string_view bytes = at(Role::Bytes);
  const std::string_view taken = at(Role::TimeTaken);
  return (status.empty() || fillOne(Role::Status, status, out)) &&
         (bytes.empty() || fillOne(Role::Bytes, bytes, out)) &&
         (taken.empty() || fillOne(Role::TimeTaken, taken, out));
}

bool W3cFormat::fill(LogRecord& out, FieldMask needed) noexcept {
  if (m_uniqueRoles) {
    if (!fillByRole(out)) return false;
  } else {
    m_date = m_clock = m_stem = m_query = m_hostHeader = m_viewerHost = {};
    for (const auto& [column, role] : m_filled) {
      if (!fillOne(role, value(column), out)) return false;
    }
  }
  // Shape only, as for CLF times: the calendar is checked when the time is
  // read (LogRecord::time), which most queries never do.
  if (!m_date.empty() && !syntax::hasIsoDateShape(m_date)) return false;
  if (!m_clock.empty() && !syntax::hasClockShape(m_clock)) return false;
  if (!m_date.empty() && !m_clock.empty() && needed.has(FieldMask::kTimeText)) joinTime(out);
  out.vhost = !m_viewerHost.empty() && m_viewerHost != "-" ? m_viewerHost
              : m_hostHeader != "-"                        ? m_hostHeader
                                                           : std::string_view();
  joinPath(out, needed);
  return true;
}

void W3cFormat::joinTime(LogRecord& out) {
  // The buffer grows to the longest date + time seen, then never again.
  m_time.assign(m_date);
  m_time += ' ';
  m_time += m_clock;
  out.timeText = m_time;
  out.timeSyntax = TimeSyntax::Iso8601;
}

void W3cFormat::joinPath(LogRecord& out, FieldMask needed) {
  out.path = m_stem;
  const bool hasQuery = !m_query.empty() && m_query != "-";
  if (hasQuery && needed.has(FieldMask::kPath | FieldMask::kRequest)) {
    m_path.assign(m_stem);
    m_path += '?';
    m_path += m_query;
    out.path = m_path;
  }
  if (!needed.has(FieldMask::kRequest)) return;
  m_request.assign(out.method);
  if (!m_request.empty()) m_request += ' ';
  m_request += out.path;
  if (!out.protocol.empty()) {
    m_request += ' ';
    m_request += out.protocol;
  }
  out.request = m_request;
}

}  // namespace logmill::workers
