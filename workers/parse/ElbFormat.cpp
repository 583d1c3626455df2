#include "workers/parse/ElbFormat.hpp"

#include "workers/parse/TokenCursor.hpp"
#include "workers/parse/balancerFields.hpp"

namespace logmill::workers {

namespace {

const std::array<std::string, ElbFormat::kExtraCount> kNames = {
    "elb",
    "backend",
    "request_processing_time",
    "backend_processing_time",
    "response_processing_time",
    "elb_status_code",
    "backend_status_code",
    "received_bytes",
    "sent_bytes",
    "ssl_cipher",
    "ssl_protocol",
};

// The shared fields come first (balancerFields.hpp), then the HTTP ones.
enum Extra : std::size_t {
  kCipher = balancer::kSlotCount,
  kSslProtocol,
};

}  // namespace

const std::string& ElbFormat::name() const {
  static const std::string kName = "elb";
  return kName;
}

std::span<const std::string> ElbFormat::extraFieldNames() const {
  return kNames;
}

LineKind ElbFormat::read(std::string_view line, LogRecord& out, FieldMask needed) noexcept {
  TokenCursor cursor(line);
  auto& x = m_extras;
  if (!balancer::readCore(cursor, out, x.data())) return LineKind::Malformed;
  // HTTP listeners add the agent and TLS details; TCP listeners stop here.
  x[kCipher] = x[kSslProtocol] = {};
  if (!cursor.atEnd() &&
      (!cursor.quoted(out.agent) || !cursor.token(x[kCipher]) || !cursor.token(x[kSslProtocol]))) {
    return LineKind::Malformed;
  }
  balancer::finish(out, needed);
  out.extras = x.data();
  out.extraCount = static_cast<std::uint8_t>(x.size());
  return LineKind::Record;
}

}  // namespace logmill::workers
