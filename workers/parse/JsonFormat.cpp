#include "workers/parse/JsonFormat.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "workers/parse/LogFormat.hpp"
#include "workers/parse/fieldSyntax.hpp"
#include "workers/parse/jsonLayouts.hpp"

namespace logmill::workers {
namespace {

using json::Slot;
using Element = simdjson::dom::element;
using Type = simdjson::dom::element_type;

constexpr std::size_t kMaxDepth = 8;
constexpr std::size_t kMaxKeys = 256;          // per object we read
constexpr std::size_t kMaxLine = 1024 * 1024;  // a longer line is malformed
constexpr std::size_t kNumberText = 32;        // room for any number's text

/// A key of --json-fields: the slot it fills and its JSON pointer (`a.b` -> `/a/b`).
struct CustomKey {
  Slot slot = Slot::None;
  std::string key;      ///< as written
  std::string pointer;  ///< for nested keys; empty for a top-level one
};

Slot customSlot(std::string_view field) {
  struct Name {
    std::string_view name;
    Slot slot;
  };
  static constexpr Name kNames[] = {
      {"host", Slot::Host},         {"user", Slot::User},     {"time", Slot::Time},
      {"method", Slot::Method},     {"path", Slot::Path},     {"request", Slot::Request},
      {"protocol", Slot::Protocol}, {"status", Slot::Status}, {"bytes", Slot::Bytes},
      {"referrer", Slot::Referrer}, {"agent", Slot::Agent},   {"vhost", Slot::Vhost},
      {"duration", Slot::Seconds},
  };
  for (const Name& n : kNames) {
    if (n.name == field) return n.slot;
  }
  return Slot::None;
}

std::vector<CustomKey> parseCustomKeys(std::string_view list) {
  std::vector<CustomKey> keys;
  std::size_t start = 0;
  while (!list.empty() && start <= list.size()) {
    const std::size_t end = std::min(list.find(',', start), list.size());
    const std::string_view item = list.substr(start, end - start);
    const std::size_t eq = item.find('=');
    const auto bad = [&](const std::string& why) {
      throw std::invalid_argument("bad JSON field '" + std::string(item) + "': " + why);
    };
    if (eq == std::string_view::npos || eq + 1 == item.size()) bad("expected FIELD=KEY");
    CustomKey key{customSlot(item.substr(0, eq)), std::string(item.substr(eq + 1)), {}};
    if (key.slot == Slot::None) {
      bad("FIELD is one of host, user, time, method, path, request, protocol, status, bytes, "
          "referrer, agent, vhost, duration");
    }
    if (key.key.find('.') != std::string::npos) {
      for (std::size_t i = 0; i <= key.key.size(); ++i) {
        const std::size_t dot = std::min(key.key.find('.', i), key.key.size());
        const std::string_view part = std::string_view(key.key).substr(i, dot - i);
        if (part.empty()) bad("empty key between dots");
        key.pointer += '/';
        for (const char c : part)
          key.pointer += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
        i = dot;
      }
    }
    keys.push_back(std::move(key));
    start = end + 1;
  }
  return keys;
}

}  // namespace

struct JsonFormat::Impl {
  simdjson::dom::parser parser{kMaxLine};
  std::unique_ptr<char[]> buffer;  ///< the line, padded as simdjson reads it
  std::size_t capacity = 0;
  std::vector<CustomKey> custom;
  std::vector<std::string_view> extraValues;
  std::vector<std::array<char, kNumberText>> extraNumbers;
  std::vector<std::pair<std::string, std::uint8_t>> wanted;  ///< key -> extras index
  char timeText[kNumberText] = {};
  std::string request;  ///< `METHOD URI PROTO` built for Caddy and Traefik
  std::string_view seenKeys[kMaxKeys];

  bool load(std::string_view line, Element& root) {
    if (line.size() > kMaxLine) return false;
    if (capacity < line.size() + simdjson::SIMDJSON_PADDING) {
      capacity = std::max<std::size_t>(line.size() * 2, 1024) + simdjson::SIMDJSON_PADDING;
      buffer = std::make_unique<char[]>(capacity);
    }
    std::memcpy(buffer.get(), line.data(), line.size());
    std::memset(buffer.get() + line.size(), 0, simdjson::SIMDJSON_PADDING);
    return parser.parse(buffer.get(), line.size(), false).get(root) == simdjson::SUCCESS;
  }
};

namespace {

/// A scalar's text: strings as unescaped, numbers as shortest decimals,
/// booleans as true/false, null as empty. False for an object or array.
bool scalarText(Element value, std::string_view& text, std::array<char, kNumberText>& buffer) {
  char* const digits = buffer.data();
  char* end = digits;
  switch (value.type()) {
    case Type::STRING:
      return value.get_string().get(text) == simdjson::SUCCESS;
    case Type::INT64:
      end = std::to_chars(digits, digits + kNumberText, int64_t(value)).ptr;
      break;
    case Type::UINT64:
      end = std::to_chars(digits, digits + kNumberText, uint64_t(value)).ptr;
      break;
    case Type::DOUBLE:
      end = std::to_chars(digits, digits + kNumberText, double(value)).ptr;
      break;
    case Type::BOOL:
      text = bool(value) ? "true" : "false";
      return true;
    case Type::NULL_VALUE:
      text = {};
      return true;
    default:
      return false;
  }
  text = std::string_view(digits, static_cast<std::size_t>(end - digits));
  return true;
}

bool readInteger(Element value, std::int64_t& out) {
  if (value.type() == Type::INT64) return value.get_int64().get(out) == simdjson::SUCCESS;
  std::uint64_t u = 0;
  if (value.type() == Type::UINT64 && value.get_uint64().get(u) == simdjson::SUCCESS &&
      u <= static_cast<std::uint64_t>(INT64_MAX)) {
    out = static_cast<std::int64_t>(u);
    return true;
  }
  return false;
}

bool readString(Element value, std::string_view& out) {
  if (value.type() == Type::NULL_VALUE) return true;  // absent: stays as it was
  return value.get_string().get(out) == simdjson::SUCCESS;
}

/// Seconds as a number or decimal text -> microseconds (-1 for `-`).
bool readSeconds(Element value, std::int64_t& micros) {
  if (value.type() == Type::STRING) {
    std::string_view text;
    return value.get_string().get(text) == simdjson::SUCCESS &&
           syntax::parseDecimalSeconds(text, micros);
  }
  double seconds = 0;
  if (value.type() == Type::DOUBLE) {
    seconds = double(value);
  } else if (std::int64_t whole = 0; readInteger(value, whole)) {
    seconds = static_cast<double>(whole);
  } else {
    return false;
  }
  if (!(seconds >= 0 && seconds < 1e12)) return false;
  micros = std::llround(seconds * 1e6);
  return true;
}

TimeSyntax timeSyntaxOf(std::string_view text) {
  if (text.size() == syntax::kClfTimeSize && syntax::hasClfTimeShape(text.data())) {
    return TimeSyntax::Clf;
  }
  const bool epoch =
      !text.empty() && text.find_first_not_of("0123456789.") == std::string_view::npos;
  return epoch ? TimeSyntax::Epoch : TimeSyntax::Iso8601;
}

}  // namespace

JsonFormat::JsonFormat(std::string_view fields, bool anyKey)
    : m_anyKey(anyKey), m_impl(std::make_unique<Impl>()) {
  m_impl->custom = parseCustomKeys(fields);
  if (!fields.empty()) m_name = "json:" + std::string(fields);
  for (const std::string_view key : json::knownOtherKeys()) m_extraNames.emplace_back(key);
  m_impl->extraValues.assign(m_extraNames.size(), std::string_view());
  m_impl->extraNumbers.resize(m_extraNames.size());
  if (m_impl->parser.allocate(4096, kMaxDepth) != simdjson::SUCCESS) {
    throw std::bad_alloc();
  }
}

JsonFormat::~JsonFormat() = default;
JsonFormat::JsonFormat(JsonFormat&&) noexcept = default;
JsonFormat& JsonFormat::operator=(JsonFormat&&) noexcept = default;

bool JsonFormat::mayHaveField(std::string_view name) const {
  return m_anyKey || LineFormat::mayHaveField(name);
}

std::optional<Field> JsonFormat::commonFieldFor(std::string_view name) const {
  for (const CustomKey& key : m_impl->custom) {
    if (key.key == name) return json::fieldOfSlot(key.slot);
  }
  return json::fieldOfSlot(json::topLevelSlot(name));
}

void JsonFormat::addFieldNames(std::span<const std::string> names) {
  for (const std::string& name : names) {
    auto at = std::find(m_extraNames.begin(), m_extraNames.end(), name);
    if (at == m_extraNames.end()) {
      if (m_extraNames.size() >= 0xff) continue;  // extraCount is a byte
      at = m_extraNames.insert(m_extraNames.end(), name);
    }
    const auto index = static_cast<std::uint8_t>(at - m_extraNames.begin());
    bool known = false;
    for (const auto& w : m_impl->wanted) known = known || w.second == index;
    if (!known) m_impl->wanted.emplace_back(name, index);
  }
  m_impl->extraValues.assign(m_extraNames.size(), std::string_view());
  m_impl->extraNumbers.resize(m_extraNames.size());
}

namespace {

/// What one line's keys gave so far.
struct LineState {
  LogRecord& out;
  std::uint32_t filled = 0;  ///< bit per Slot: the first key for a slot wins
  bool pathFromKey = false;

  [[nodiscard]] bool has(Slot slot) const { return (filled >> static_cast<int>(slot)) & 1u; }
  void mark(Slot slot) { filled |= 1u << static_cast<int>(slot); }
};

bool storeCaddyHeaders(Element value, LineState& s) {
  simdjson::dom::object headers;
  if (value.get_object().get(headers) != simdjson::SUCCESS) return false;
  for (const auto field : headers) {
    const Slot slot = json::caddyHeaderSlot(field.key);
    if (slot == Slot::None || s.has(slot)) continue;
    // Headers are lists of values ({"User-Agent": ["curl/8.4.0"]}); the first counts.
    simdjson::dom::array values;
    Element first;
    if (field.value.get_array().get(values) != simdjson::SUCCESS) return false;
    if (values.at(0).get(first) != simdjson::SUCCESS) continue;
    std::string_view text;
    if (first.get_string().get(text) != simdjson::SUCCESS) return false;
    (slot == Slot::Agent ? s.out.agent : s.out.referrer) = text;
    s.mark(slot);
  }
  return true;
}

bool storeSlot(Slot slot, Element value, LineState& s, char (&timeText)[kNumberText]);

bool storeCaddyRequest(Element value, LineState& s, char (&timeText)[kNumberText]) {
  simdjson::dom::object request;
  if (value.get_object().get(request) != simdjson::SUCCESS) return false;
  std::size_t keys = 0;
  for (const auto field : request) {
    if (++keys > kMaxKeys) return false;
    const Slot slot = json::caddyRequestSlot(field.key);
    if (slot == Slot::None || s.has(slot)) continue;
    if (slot == Slot::Headers) {
      if (!storeCaddyHeaders(field.value, s)) return false;
      continue;
    }
    if (!storeSlot(slot, field.value, s, timeText)) return false;
  }
  return true;
}

bool storeTime(Element value, LineState& s, char (&timeText)[kNumberText]) {
  if (value.type() == Type::STRING) {
    if (value.get_string().get(s.out.timeText) != simdjson::SUCCESS) return false;
    s.out.timeSyntax = timeSyntaxOf(s.out.timeText);
    return true;
  }
  char* end = nullptr;
  if (value.type() == Type::DOUBLE) {
    const double seconds = double(value);
    if (!(seconds >= 0 && seconds < 1e12)) return false;
    end = std::to_chars(timeText, timeText + kNumberText, seconds, std::chars_format::fixed).ptr;
  } else if (std::int64_t whole = 0; readInteger(value, whole)) {
    end = std::to_chars(timeText, timeText + kNumberText, whole).ptr;
  } else {
    return false;
  }
  s.out.timeText = std::string_view(timeText, static_cast<std::size_t>(end - timeText));
  s.out.timeSyntax = TimeSyntax::Epoch;
  return true;
}

bool storeSlot(Slot slot, Element value, LineState& s, char (&timeText)[kNumberText]) {
  LogRecord& out = s.out;
  s.mark(slot);
  switch (slot) {
    case Slot::Host:
      return readString(value, out.host);
    case Slot::User:
      return readString(value, out.user);
    case Slot::Method:
      return readString(value, out.method);
    case Slot::Path:
      s.pathFromKey = true;
      return readString(value, out.path);
    case Slot::Protocol:
      return readString(value, out.protocol);
    case Slot::Referrer:
      return readString(value, out.referrer);
    case Slot::Agent:
      return readString(value, out.agent);
    case Slot::Vhost:
      if (!readString(value, out.vhost)) return false;
      out.vhost = syntax::stripPort(out.vhost);
      return true;
    case Slot::Time:
      return storeTime(value, s, timeText);
    case Slot::Request:
      if (value.type() == Type::OBJECT) return storeCaddyRequest(value, s, timeText);
      return readString(value, out.request);
    case Slot::Status: {
      std::int64_t status = -1;
      std::string_view text;
      if (readInteger(value, status))
        return status >= 0 && status <= 999 && (out.status = int(status), true);
      return value.get_string().get(text) == simdjson::SUCCESS &&
             syntax::parseStatus(text, out.status);
    }
    case Slot::Bytes: {
      std::string_view text;
      if (readInteger(value, out.bytes)) return out.bytes >= 0;
      return value.get_string().get(text) == simdjson::SUCCESS &&
             syntax::parseAmount(text, 1, out.bytes);
    }
    case Slot::Seconds:
      return readSeconds(value, out.durationMicros);
    case Slot::Nanos: {
      std::int64_t nanos = 0;
      if (!readInteger(value, nanos) || nanos < 0) return false;
      out.durationMicros = nanos / 1000;
      return true;
    }
    default:
      return true;
  }
}

/// False when `key` was already seen among this object's keys.
bool firstSight(std::string_view key, std::string_view (&seen)[kMaxKeys], std::size_t count,
                std::uint64_t& bloom) {
  // Most keys differ in length or first/last byte: compare only on a clash.
  const unsigned h =
      (key.size() * 7 + (key.empty() ? 0u : unsigned(key.front()) * 31 + unsigned(key.back()))) &
      63u;
  if ((bloom >> h) & 1u) {
    for (std::size_t i = 0; i < count; ++i) {
      if (seen[i] == key) return false;
    }
  }
  bloom |= std::uint64_t{1} << h;
  return true;
}

}  // namespace

LineKind JsonFormat::read(std::string_view line, LogRecord& out, FieldMask needed) noexcept {
  if (line.empty() || line.front() != '{') return LineKind::Malformed;
  Impl& impl = *m_impl;
  Element root;
  simdjson::dom::object object;
  if (!impl.load(line, root) || root.get_object().get(object) != simdjson::SUCCESS) {
    return LineKind::Malformed;
  }
  const bool wantsExtras = !impl.wanted.empty();
  if (wantsExtras) std::fill(impl.extraValues.begin(), impl.extraValues.end(), std::string_view());
  LineState state{out};
  std::size_t keys = 0;
  std::uint64_t bloom = 0;
  for (const auto field : object) {
    if (keys == kMaxKeys || !firstSight(field.key, impl.seenKeys, keys, bloom)) {
      return LineKind::Malformed;
    }
    impl.seenKeys[keys++] = field.key;
    if (wantsExtras) {
      for (const auto& [name, index] : impl.wanted) {
        if (name != field.key) continue;
        std::string_view text;
        if (scalarText(field.value, text, impl.extraNumbers[index])) {
          impl.extraValues[index] = text;
        }
      }
    }
    const Slot slot = json::topLevelSlot(field.key);
    if (slot == Slot::None || state.has(slot)) continue;
    if (!storeSlot(slot, field.value, state, impl.timeText)) return LineKind::Malformed;
  }
  for (const CustomKey& key : impl.custom) {
    Element value;
    const auto found = key.pointer.empty() ? object.at_key(key.key).get(value)
                                           : root.at_pointer(key.pointer).get(value);
    if (found != simdjson::SUCCESS) continue;
    if (key.slot == Slot::Path) state.pathFromKey = true;
    if (!storeSlot(key.slot, value, state, impl.timeText)) return LineKind::Malformed;
  }
  if (!state.has(Slot::Status) || out.status < 0 ||
      (!state.has(Slot::Path) && out.request.empty())) {
    return LineKind::Malformed;
  }
  const bool split = needed.has(FieldMask::kMethod | FieldMask::kPath | FieldMask::kProtocol);
  if (!out.request.empty() && !state.pathFromKey && split) splitRequest(out.request, out);
  if (out.request.empty() && needed.has(FieldMask::kRequest)) {
    // Caddy and Traefik log the request's parts: the request line is rebuilt.
    impl.request.assign(out.method).append(" ").append(out.path);
    if (!out.protocol.empty()) impl.request.append(" ").append(out.protocol);
    out.request = impl.request;
  }
  out.extras = impl.extraValues.data();
  out.extraCount = static_cast<std::uint8_t>(impl.extraValues.size());
  return LineKind::Record;
}

}  // namespace logmill::workers
