#include "workers/parse/LogFormat.hpp"

#include <algorithm>
#include <bitset>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "workers/parse/CombinedScan.hpp"
#include "workers/parse/fieldSyntax.hpp"

namespace logmill::workers {

struct LogFormat::Item {
  bool literal = true;
  std::string text;  ///< literal text, or the directive as written (`%>s`)
  Slot slot = Slot::Skip;
  Op op = Op::Token;
  std::string ownName;  ///< the field's own name (`upstream_response_time`); may be empty
};

namespace {

using Slot = LogFormat::Slot;
using namespace syntax;  // NOLINT: the field checks both parsers share

[[nodiscard]] bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

[[nodiscard]] bool startsWith(const char* pos, const char* end, const char* lit, std::size_t len) {
  // Literals are a byte or three (`" "`), too short for a memcmp call to pay.
  if (static_cast<std::size_t>(end - pos) < len) return false;
  for (std::size_t i = 0; i < len; ++i) {
    if (pos[i] != lit[i]) return false;
  }
  return true;
}

/// `HTTP/1.1`, `HTTP/2.0`, `RTSP/1.0`: upper-case letters, a slash, a version.
[[nodiscard]] bool isProtocol(std::string_view word) {
  std::size_t i = 0;
  while (i < word.size() && isUpper(word[i])) ++i;
  if (i == 0 || i + 1 >= word.size() || word[i] != '/') return false;
  for (++i; i < word.size(); ++i) {
    if (!isDigit(word[i]) && word[i] != '.') return false;
  }
  return true;
}

[[nodiscard]] bool store(Slot slot, std::string_view value, LogRecord& out, bool splitRequestLine) {
  switch (slot) {
    case Slot::Skip:
      return true;
    case Slot::Vhost:
      out.vhost = value;
      return true;
    case Slot::VhostMaybePort:
      out.vhost = stripPort(value);
      return true;
    case Slot::Port: {
      std::int64_t port = 0;
      return parseUnsigned(value, port);
    }
    case Slot::Host:
      out.host = value;
      return true;
    case Slot::Ident:
      out.ident = value;
      return true;
    case Slot::User:
      out.user = value;
      return true;
    case Slot::Time:
      out.timeText = value;
      return true;
    case Slot::Request:
      out.request = value;
      if (splitRequestLine) splitRequest(value, out);
      return true;
    case Slot::Method:
      out.method = value;
      return true;
    case Slot::Path:
      out.path = value;
      return true;
    case Slot::Protocol:
      out.protocol = value;
      return true;
    case Slot::Status:
      return parseStatus(value, out.status);
    case Slot::Bytes:
      return parseAmount(value, 1, out.bytes);
    case Slot::Micros:
      return parseAmount(value, 1, out.durationMicros);
    case Slot::Millis:
      return parseAmount(value, 1000, out.durationMicros);
    case Slot::Seconds:
      return parseAmount(value, 1000000, out.durationMicros);
    case Slot::DecimalSeconds:
      return parseDecimalSeconds(value, out.durationMicros);
    case Slot::Referrer:
      out.referrer = value;
      return true;
    case Slot::Agent:
      out.agent = value;
      return true;
  }
  return false;
}

[[noreturn]] void fail(std::string_view what, std::string_view directive, std::string_view format) {
  throw std::invalid_argument(std::string(what) + " '" + std::string(directive) +
                              "' in LogFormat '" + std::string(format) + "'");
}

/// The slot for a directive's letter and `{argument}`.
Slot slotFor(char letter, std::string_view arg, std::string_view directive,
             std::string_view format) {
  switch (letter) {
    case 'h':
    case 'a':
      return Slot::Host;
    case 'l':
      return Slot::Ident;
    case 'u':
      return Slot::User;
    case 't':
      return Slot::Time;
    case 'r':
      return Slot::Request;
    case 'm':
      return Slot::Method;
    case 'U':
      return Slot::Path;
    case 'H':
      return Slot::Protocol;
    case 's':
      return Slot::Status;
    case 'b':
    case 'B':
    case 'O':
      return Slot::Bytes;
    case 'D':
      return Slot::Micros;
    case 'v':
    case 'V':
      return Slot::Vhost;
    case 'p':
      return Slot::Port;
    case 'T':
      if (arg.empty() || arg == "s") return Slot::Seconds;
      if (arg == "ms") return Slot::Millis;
      if (arg == "us") return Slot::Micros;
      fail("unknown unit in LogFormat directive", directive, format);
    case 'i':
      if (equalsIgnoreCase(arg, "Referer") || equalsIgnoreCase(arg, "Referrer")) {
        return Slot::Referrer;
      }
      if (equalsIgnoreCase(arg, "User-Agent")) return Slot::Agent;
      [[fallthrough]];
    case 'o':
    case 'e':
    case 'n':
    case 'C':
    case 'x':
      if (arg.empty()) fail("LogFormat directive needs a {name}", directive, format);
      return Slot::Skip;
    case 'A':
    case 'f':
    case 'I':
    case 'k':
    case 'L':
    case 'P':
    case 'q':
    case 'R':
    case 'S':
    case 'X':
      return Slot::Skip;
    default:
      fail("unknown LogFormat directive", directive, format);
  }
}

/// The slot an nginx variable fills; Skip for a variable of no common field.
Slot nginxSlotFor(std::string_view variable) {
  struct Entry {
    std::string_view variable;
    Slot slot;
  };
  static constexpr Entry kSlots[] = {
      {"remote_addr", Slot::Host},
      {"realip_remote_addr", Slot::Host},
      {"remote_user", Slot::User},
      {"time_local", Slot::Time},
      {"request", Slot::Request},
      {"request_method", Slot::Method},
      {"request_uri", Slot::Path},
      {"server_protocol", Slot::Protocol},
      {"status", Slot::Status},
      {"body_bytes_sent", Slot::Bytes},
      {"http_referer", Slot::Referrer},
      {"http_user_agent", Slot::Agent},
      {"request_time", Slot::DecimalSeconds},
      {"host", Slot::Vhost},
      {"server_name", Slot::Vhost},
      {"http_host", Slot::VhostMaybePort},
  };
  for (const Entry& entry : kSlots) {
    if (entry.variable == variable) return entry.slot;
  }
  return Slot::Skip;
}

/// Apache's `%{X-Forwarded-For}i` -> `header_x_forwarded_for`; `%P` ->
/// `pid`: the name a directive that fills no common field is known by.
std::string apacheOwnName(char letter, std::string_view arg) {
  std::string_view prefix;
  switch (letter) {
    case 'i':
      prefix = "header_";
      break;
    case 'o':
      prefix = "resp_header_";
      break;
    case 'e':
      prefix = "env_";
      break;
    case 'n':
      prefix = "note_";
      break;
    case 'C':
      prefix = "cookie_";
      break;
    case 'A':
      return "local_addr";
    case 'f':
      return "filename";
    case 'I':
      return "bytes_received";
    case 'k':
      return "keepalive";
    case 'L':
      return "log_id";
    case 'P':
      return "pid";
    case 'q':
      return "query_string";
    case 'R':
      return "handler";
    case 'S':
      return "bytes_transferred";
    default:
      return {};  // %X stays nameless: combined_extra's "the rest"
  }
  std::string name(prefix);
  for (const char c : arg) {
    const bool keep = isAlpha(c) || isDigit(c) || c == '_';
    name += keep ? static_cast<char>(c | (isAlpha(c) ? 0x20 : 0)) : '_';
  }
  return name;
}

std::optional<Field> fieldOfSlot(Slot slot) {
  switch (slot) {
    case Slot::Vhost:
    case Slot::VhostMaybePort:
      return Field::Vhost;
    case Slot::Host:
      return Field::Host;
    case Slot::Ident:
      return Field::Ident;
    case Slot::User:
      return Field::User;
    case Slot::Time:
      return Field::Time;
    case Slot::Request:
      return Field::Request;
    case Slot::Method:
      return Field::Method;
    case Slot::Path:
      return Field::Path;
    case Slot::Protocol:
      return Field::Protocol;
    case Slot::Status:
      return Field::Status;
    case Slot::Bytes:
      return Field::Bytes;
    case Slot::Micros:
    case Slot::Millis:
    case Slot::Seconds:
    case Slot::DecimalSeconds:
      return Field::Duration;
    case Slot::Referrer:
      return Field::Referrer;
    case Slot::Agent:
      return Field::Agent;
    default:
      return std::nullopt;
  }
}

[[nodiscard]] bool isVariableChar(char c) {
  return isAlpha(c) || isDigit(c) || c == '_';
}

}  // namespace

bool LogFormat::isNginxFormat(std::string_view spec) {
  const std::size_t dollar = spec.find('$');
  return dollar != std::string_view::npos && dollar + 1 < spec.size() &&
         (isVariableChar(spec[dollar + 1]) || spec[dollar + 1] == '{') &&
         spec.find('%') == std::string_view::npos;
}

std::vector<LogFormat::Item> LogFormat::tokenizeNginx(std::string_view format) {
  std::vector<Item> items(1);  // starts with a (possibly empty) literal
  std::size_t i = 0;
  while (i < format.size()) {
    const std::size_t start = i;
    const bool braced = format[i] == '$' && i + 1 < format.size() && format[i + 1] == '{';
    std::size_t nameStart = i + (braced ? 2 : 1), nameEnd = nameStart;
    while (format[i] == '$' && nameEnd < format.size() && isVariableChar(format[nameEnd])) {
      ++nameEnd;
    }
    if (format[i] != '$' || nameEnd == nameStart) {  // a lone `$` is text, as in nginx
      items.back().text += format[i++];
      continue;
    }
    if (braced && (nameEnd == format.size() || format[nameEnd] != '}')) {
      fail("unterminated", format.substr(start), format);
    }
    i = nameEnd + (braced ? 1 : 0);
    const std::string_view variable = format.substr(nameStart, nameEnd - nameStart);
    Item item{false, std::string(format.substr(start, i - start)), nginxSlotFor(variable),
              Op::Token, std::string(variable)};
    if (variable == "time_local") {
      // `[$time_local]` reads like Apache's %t, brackets and all.
      if (!items.back().text.ends_with('[') || i >= format.size() || format[i] != ']') {
        fail("$time_local must be written in brackets, [$time_local], at", item.text, format);
      }
      items.back().text.pop_back();
      ++i;
      item.op = Op::Time;
    }
    items.push_back(std::move(item));
    items.emplace_back();
  }
  return items;
}

LogFormat LogFormat::compileNginx(std::string_view format, std::string name) {
  LogFormat result;
  result.m_name = name.empty() ? std::string(format) : std::move(name);
  result.addSteps(tokenizeNginx(format), format);
  result.m_shape = shapeOf(result);
  return result;
}

std::vector<LogFormat::Item> LogFormat::tokenize(std::string_view format) {
  std::vector<Item> items(1);  // starts with a (possibly empty) literal
  std::size_t i = 0;
  while (i < format.size()) {
    char c = format[i];
    if (c == '\\' && i + 1 < format.size()) {  // as in httpd.conf: \" \t \n \\.
      char next = format[i + 1];
      items.back().text += next == 't' ? '\t' : next == 'n' ? '\n' : next;
      i += 2;
      continue;
    }
    if (c != '%' || (i + 1 < format.size() && format[i + 1] == '%')) {
      items.back().text += c;
      i += c == '%' ? 2 : 1;
      continue;
    }
    std::size_t start = i++;
    // Status conditions (`%!200,304{Referer}i`) and `<`/`>` (original or
    // final request) do not change what the field looks like.
    while (i < format.size() &&
           std::string_view("!<>,0123456789").find(format[i]) != std::string_view::npos) {
      ++i;
    }
    std::string_view arg;
    if (i < format.size() && format[i] == '{') {
      std::size_t close = format.find('}', i);
      if (close == std::string_view::npos) fail("unterminated", format.substr(start), format);
      arg = format.substr(i + 1, close - i - 1);
      i = close + 1;
    }
    if (i >= format.size()) fail("incomplete directive", format.substr(start), format);
    std::string_view directive = format.substr(start, i + 1 - start);
    Item item{
        false, std::string(directive), slotFor(format[i], arg, directive, format), Op::Token, {}};
    if (item.slot == Slot::Skip) item.ownName = apacheOwnName(format[i], arg);
    if (format[i] == 't') {
      if (!arg.empty()) fail("unsupported custom time format", directive, format);
      item.op = Op::Time;
    }
    items.push_back(std::move(item));
    items.emplace_back();
    ++i;
  }
  return items;
}

LogFormat LogFormat::compileSteps(std::string_view format, std::string name) {
  LogFormat result;
  result.m_name = name.empty() ? std::string(format) : std::move(name);
  result.addSteps(tokenize(format), format);
  return result;
}

LogFormat LogFormat::compile(std::string_view format, std::string name) {
  LogFormat result = compileSteps(format, std::move(name));
  result.m_shape = shapeOf(result);
  return result;
}

LogFormat::Shape LogFormat::shapeOf(const LogFormat& format) {
  // Compared as compiled programs, so `%a` for `%h` or `User-Agent` for
  // `User-agent` (same steps) get the specialised scan too.
  static const LogFormat kCommon = compileSteps(kCommonLogFormat, {});
  static const LogFormat kCombined = compileSteps(kCombinedLogFormat, {});
  static const LogFormat kExtra = compileSteps(std::string(kCombinedLogFormat) + " %X", {});
  auto same = [&format](const LogFormat& other) {
    return format.m_steps == other.m_steps && format.m_text == other.m_text;
  };
  if (same(kCombined)) return Shape::Combined;
  if (same(kCommon)) return Shape::Common;
  if (same(kExtra)) return Shape::CombinedExtra;
  return Shape::Steps;
}

void LogFormat::addSteps(std::vector<Item> items, std::string_view format) {
  // items alternate literal, directive, literal, ...; a directive between
  // `"` and `"` becomes a quoted field, which may hold spaces and `\"`.
  for (std::size_t j = 1; j + 1 < items.size(); j += 2) {
    std::string& before = items[j - 1].text;
    std::string& after = items[j + 1].text;
    if (items[j].op == Op::Token && before.ends_with('"') && after.starts_with('"')) {
      items[j].op = Op::Quoted;
      before.pop_back();
      after.erase(0, 1);
    }
  }
  if (items.size() == 1) {
    throw std::invalid_argument("LogFormat '" + std::string(format) + "' has no % directives");
  }
  auto addLiteral = [this](Step& step, const std::string& text) {
    step.litOffset = static_cast<std::uint32_t>(m_text.size());
    step.litLen = static_cast<std::uint32_t>(text.size());
    step.delim = text.empty() ? '\0' : text[0];
    m_text += text;
  };
  if (!items[0].text.empty()) {
    addLiteral(m_steps.emplace_back(), items[0].text);
  }
  std::bitset<32> seen;  // a field named twice (`%h ... %a`) keeps its first value
  for (std::size_t j = 1; j < items.size(); j += 2) {
    const Item& item = items[j];
    const std::string& after = items[j + 1].text;
    bool last = j + 2 >= items.size();
    if (item.op == Op::Token && after.empty() && !last) {
      fail("no text between", item.text + items[j + 2].text, format);
    }
    Step& step = m_steps.emplace_back();
    step.op = item.op;
    step.slot = item.slot;
    addOwnName(step, item);
    auto index = static_cast<std::size_t>(item.slot);
    if (item.slot != Slot::Skip && seen.test(index)) step.slot = Slot::Skip;
    seen.set(index);
    addLiteral(step, after);
  }
  m_steps.back().last = true;
}

void LogFormat::addOwnName(Step& step, const Item& item) {
  if (item.ownName.empty()) return;
  if (item.slot != Slot::Skip) {
    // An nginx variable of a common field: its name is an alias of that field.
    if (const auto field = fieldOfSlot(item.slot)) m_commonNames.emplace_back(item.ownName, *field);
    return;
  }
  if (m_extraNames.size() >= kNoExtra) return;  // more than 254: the rest stay nameless
  step.extra = static_cast<std::uint8_t>(m_extraNames.size());
  m_extraNames.push_back(item.ownName);
  m_extraValues.resize(m_extraNames.size());
}

std::optional<Field> LogFormat::commonFieldFor(std::string_view name) const {
  for (const auto& [own, field] : m_commonNames) {
    if (own == name) return field;
  }
  return std::nullopt;
}

LogFormat LogFormat::vhostCombined() {
  LogFormat result = compileSteps("%v " + std::string(kCombinedLogFormat), "vhost_combined");
  result.m_steps.front().slot = Slot::VhostMaybePort;
  result.m_shape = Shape::VhostCombined;
  return result;
}

LogFormat LogFormat::combinedWithExtras() {
  // %X (connection status) stands in for "the rest": a last unquoted field
  // runs to the end of the line, whatever it holds.
  return compile(std::string(kCombinedLogFormat) + " %X", "combined_extra");
}

// Inlined into parse's loop: a call per field costs more than most fields.
[[gnu::always_inline]] inline bool LogFormat::runStep(const Step& step, const char*& pos,
                                                      const char* end, LogRecord& out,
                                                      bool splitRequestLine) const noexcept {
  const char* lit = m_text.data() + step.litOffset;
  const char* valueEnd = pos;
  const char* next = nullptr;  // where the literal after the field starts
  switch (step.op) {
    case Op::Literal:
      next = pos;
      break;
    case Op::Token:
      if (step.litLen == 0) {
        valueEnd = end;  // the last field runs to the end of the line
      } else {
        while (valueEnd != end && *valueEnd != step.delim) ++valueEnd;
        if (valueEnd == end) return false;
      }
      if (valueEnd == pos) return false;
      next = valueEnd;
      break;
    case Op::Quoted: {
      if (pos == end || *pos != '"') return false;
      const char* begin = ++pos;
      // The closing quote is the first unescaped one followed by the expected
      // text, which also copes with an unescaped quote inside a request line.
      for (const char* scan = begin;;) {
        auto* quote = static_cast<const char*>(std::memchr(scan, '"', end - scan));
        if (quote == nullptr) return false;
        scan = quote + 1;
        if (isEscaped(begin, quote)) continue;
        if (startsWith(scan, end, lit, step.litLen)) {
          valueEnd = quote;
          break;
        }
        if (step.last) return false;  // no trailing text after the last field
      }
      next = valueEnd + 1;
      break;
    }
    case Op::Time:
      if (end - pos < static_cast<std::ptrdiff_t>(kClfTimeSize + 2) || pos[0] != '[' ||
          pos[kClfTimeSize + 1] != ']' || !hasClfTimeShape(pos + 1)) {
        return false;
      }
      ++pos;
      valueEnd = pos + kClfTimeSize;
      next = valueEnd + 1;
      break;
  }
  if (step.op != Op::Literal) {
    const std::string_view value(pos, static_cast<std::size_t>(valueEnd - pos));
    if (!store(step.slot, value, out, splitRequestLine)) return false;
    if (step.extra != kNoExtra) m_extraValues[step.extra] = value;
  }
  if (!startsWith(next, end, lit, step.litLen)) return false;
  pos = next + step.litLen;
  return true;
}

bool LogFormat::runSteps(std::string_view line, LogRecord& out,
                         bool splitRequestLine) const noexcept {
  const char* pos = line.data();
  const char* end = pos + line.size();
  for (const Step& step : m_steps) {
    if (!runStep(step, pos, end, out, splitRequestLine)) return false;
  }
  if (pos != end) return false;
  if (!m_extraValues.empty()) {
    out.extras = m_extraValues.data();
    out.extraCount = static_cast<std::uint8_t>(m_extraValues.size());
  }
  return true;
}

bool LogFormat::parseBySteps(std::string_view line, LogRecord& out) const noexcept {
  return runSteps(line, out, true);
}

bool LogFormat::parse(std::string_view line, LogRecord& out, FieldMask needed) const noexcept {
  const bool split = needed.has(FieldMask::kMethod | FieldMask::kPath | FieldMask::kProtocol);
  CombinedScan scan(line.data(), line.data() + line.size());
  switch (m_shape) {
    case Shape::Common:
      return scan.parse<Family::Common>(out, split);
    case Shape::Combined:
      return scan.parse<Family::Combined>(out, split);
    case Shape::VhostCombined:
      return scan.parse<Family::VhostCombined>(out, split);
    case Shape::CombinedExtra:
      return scan.parse<Family::CombinedExtra>(out, split);
    case Shape::Steps:
      break;
  }
  return runSteps(line, out, split);
}

void splitRequest(std::string_view request, LogRecord& out) noexcept {
  out.method = {};
  out.path = request;
  out.protocol = {};
  // The method is the first word when that is 1..32 method bytes and a
  // space: scan only that far rather than searching the whole request.
  constexpr std::size_t kMaxMethod = 32;
  const std::size_t limit = std::min(request.size(), kMaxMethod + 1);
  std::size_t space = 0;
  while (space < limit &&
         (isUpper(request[space]) || request[space] == '-' || request[space] == '_')) {
    ++space;
  }
  if (space == 0 || space == limit || request[space] != ' ') return;
  std::string_view rest = request.substr(space + 1);
  out.method = request.substr(0, space);
  out.path = rest;
  // Nearly every request ends in ` HTTP/1.x`: look there before searching.
  constexpr std::size_t kHttpSize = 8;  // HTTP/1.1
  std::size_t lastSpace = rest.size() - kHttpSize - 1;
  if (rest.size() <= kHttpSize || rest[lastSpace] != ' ' ||
      !isProtocol(rest.substr(lastSpace + 1))) {
    lastSpace = rest.rfind(' ');
    if (lastSpace == std::string_view::npos || !isProtocol(rest.substr(lastSpace + 1))) return;
  }
  out.path = rest.substr(0, lastSpace);
  out.protocol = rest.substr(lastSpace + 1);
}

}  // namespace logmill::workers
