#include "workers/parse/ElbFormat.hpp"

#include "workers/parse/LogFormat.hpp"
#include "workers/parse/TokenCursor.hpp"
#include "workers/parse/presetSyntax.hpp"

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

enum Extra : std::size_t {
  kElb,
  kBackend,
  kRequestTime,
  kBackendTime,
  kResponseTime,
  kElbStatus,
  kBackendStatus,
  kReceived,
  kSent,
  kCipher,
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
  x = {};
  std::string_view client;
  std::int64_t ignored = 0;
  if (!cursor.token(out.timeText) || !syntax::hasIsoTimeShape(out.timeText) ||
      !cursor.token(x[kElb]) || !cursor.token(client) || !syntax::splitHostPort(client, out.host) ||
      !cursor.token(x[kBackend]) || !cursor.token(x[kRequestTime]) ||
      !syntax::parseAwsSeconds(x[kRequestTime], ignored) || !cursor.token(x[kBackendTime]) ||
      !syntax::parseAwsSeconds(x[kBackendTime], out.durationMicros) ||
      !cursor.token(x[kResponseTime]) || !syntax::parseAwsSeconds(x[kResponseTime], ignored) ||
      !cursor.token(x[kElbStatus]) || !syntax::parseOptionalStatus(x[kElbStatus], out.status) ||
      !cursor.token(x[kBackendStatus]) || !syntax::isBackendStatus(x[kBackendStatus]) ||
      !cursor.token(x[kReceived]) || !syntax::parseAmount(x[kReceived], 1, ignored) ||
      !cursor.token(x[kSent]) || !syntax::parseAmount(x[kSent], 1, out.bytes) ||
      !cursor.quoted(out.request)) {
    return LineKind::Malformed;
  }
  // HTTP listeners add the agent and TLS details; TCP listeners stop here.
  if (!cursor.atEnd() &&
      (!cursor.quoted(out.agent) || !cursor.token(x[kCipher]) || !cursor.token(x[kSslProtocol]))) {
    return LineKind::Malformed;
  }
  out.timeSyntax = TimeSyntax::Iso8601;
  if (syntax::needsRequestParts(needed)) {
    splitRequest(out.request, out);
    syntax::splitAbsoluteUrl(out);
  }
  out.extras = x.data();
  out.extraCount = static_cast<std::uint8_t>(x.size());
  return LineKind::Record;
}

}  // namespace logmill::workers
