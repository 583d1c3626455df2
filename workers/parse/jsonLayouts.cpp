#include "workers/parse/jsonLayouts.hpp"

namespace logmill::workers::json {
namespace {

struct Entry {
  std::string_view key;
  Slot slot;
};

// nginx's variable names (the common `escape=json` layouts name keys after
// them), Caddy's top-level keys and Traefik's field names. Where two keys
// fill one slot, the first in the line wins.
constexpr Entry kTopLevel[] = {
    {"remote_addr", Slot::Host},
    {"realip_remote_addr", Slot::Host},
    {"remote_user", Slot::User},
    {"time_local", Slot::Time},
    {"time_iso8601", Slot::Time},
    {"msec", Slot::Time},
    {"request", Slot::Request},
    {"request_method", Slot::Method},
    {"request_uri", Slot::Path},
    {"server_protocol", Slot::Protocol},
    {"status", Slot::Status},
    {"body_bytes_sent", Slot::Bytes},
    {"http_referer", Slot::Referrer},
    {"http_referrer", Slot::Referrer},  // the spelling of many published layouts
    {"http_user_agent", Slot::Agent},
    {"host", Slot::Vhost},
    {"server_name", Slot::Vhost},
    {"http_host", Slot::Vhost},
    {"request_time", Slot::Seconds},
    // Caddy (`request` is its object, `status` as above)
    {"ts", Slot::Time},
    {"size", Slot::Bytes},
    {"duration", Slot::Seconds},
    {"user_id", Slot::User},
    // Traefik
    {"ClientHost", Slot::Host},
    {"ClientUsername", Slot::User},
    {"StartUTC", Slot::Time},
    {"RequestMethod", Slot::Method},
    {"RequestPath", Slot::Path},
    {"RequestProtocol", Slot::Protocol},
    {"RequestHost", Slot::Vhost},
    {"DownstreamStatus", Slot::Status},
    {"DownstreamContentSize", Slot::Bytes},
    {"Duration", Slot::Nanos},
    {"request_User-Agent", Slot::Agent},
    {"request_Referer", Slot::Referrer},
};

constexpr Entry kCaddyRequest[] = {
    {"remote_ip", Slot::Host},  {"client_ip", Slot::Host}, {"method", Slot::Method},
    {"uri", Slot::Path},        {"proto", Slot::Protocol}, {"host", Slot::Vhost},
    {"headers", Slot::Headers},
};

constexpr Entry kCaddyHeaders[] = {
    {"User-Agent", Slot::Agent},
    {"Referer", Slot::Referrer},
};

constexpr std::string_view kOtherKeys[] = {
    // nginx variables often logged
    "upstream_response_time", "upstream_connect_time", "upstream_header_time", "upstream_addr",
    "upstream_status", "upstream_cache_status", "request_length", "bytes_sent",
    "http_x_forwarded_for", "ssl_protocol", "ssl_cipher", "scheme", "server_port", "connection",
    "request_id", "remote_port", "gzip_ratio",
    // Caddy
    "level", "logger", "msg", "bytes_read",
    // Traefik
    "RouterName", "ServiceName", "ServiceAddr", "ServiceURL", "OriginStatus", "OriginDuration",
    "OriginContentSize", "Overhead", "RequestCount", "RetryAttempts", "entryPointName",
    "RequestScheme", "TLSVersion", "TLSCipher", "StartLocal", "ClientAddr", "ClientPort",
    "RequestAddr", "RequestPort", "RequestContentSize"};

/// An open-addressing table of a key list: most lookups (every key of every
/// line) end at the first probe, with one comparison or none.
class KeyTable {
 public:
  template <std::size_t N>
  explicit KeyTable(const Entry (&entries)[N]) {
    static_assert(N * 2 <= kSize);
    for (const Entry& entry : entries) {
      std::size_t i = hash(entry.key);
      while (!m_slots[i].key.empty()) i = (i + 1) & (kSize - 1);
      m_slots[i] = entry;
    }
  }
  [[nodiscard]] Slot find(std::string_view key) const {
    if (key.empty()) return Slot::None;
    for (std::size_t i = hash(key);; i = (i + 1) & (kSize - 1)) {
      const Entry& entry = m_slots[i];
      if (entry.key.empty()) return Slot::None;
      if (entry.key.size() == key.size() && entry.key == key) return entry.slot;
    }
  }

 private:
  static constexpr std::size_t kSize = 128;
  static std::size_t hash(std::string_view key) {
    const auto first = static_cast<unsigned char>(key.front());
    const auto last = static_cast<unsigned char>(key.back());
    const auto middle = static_cast<unsigned char>(key[key.size() / 2]);
    return (key.size() * 37 + first * 5 + middle * 11 + last) & (kSize - 1);
  }
  Entry m_slots[kSize] = {};
};

}  // namespace

Slot topLevelSlot(std::string_view key) {
  static const KeyTable table(kTopLevel);
  return table.find(key);
}

Slot caddyRequestSlot(std::string_view key) {
  static const KeyTable table(kCaddyRequest);
  return table.find(key);
}

Slot caddyHeaderSlot(std::string_view key) {
  static const KeyTable table(kCaddyHeaders);
  return table.find(key);
}

std::optional<Field> fieldOfSlot(Slot slot) {
  switch (slot) {
    case Slot::Host:
      return Field::Host;
    case Slot::User:
      return Field::User;
    case Slot::Time:
      return Field::Time;
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
    case Slot::Referrer:
      return Field::Referrer;
    case Slot::Agent:
      return Field::Agent;
    case Slot::Vhost:
      return Field::Vhost;
    case Slot::Seconds:
    case Slot::Nanos:
      return Field::Duration;
    default:
      return std::nullopt;
  }
}

std::span<const std::string_view> knownOtherKeys() {
  return kOtherKeys;
}

}  // namespace logmill::workers::json
