#include "workers/parse/AlbFormat.hpp"

#include "workers/parse/LogFormat.hpp"
#include "workers/parse/TokenCursor.hpp"
#include "workers/parse/presetSyntax.hpp"

namespace logmill::workers {

namespace {

const std::array<std::string, AlbFormat::kExtraCount> kNames = {
    "type",
    "elb",
    "target",
    "request_processing_time",
    "target_processing_time",
    "response_processing_time",
    "elb_status_code",
    "target_status_code",
    "received_bytes",
    "sent_bytes",
    "ssl_cipher",
    "ssl_protocol",
    "target_group_arn",
    "trace_id",
    "domain_name",
    "chosen_cert_arn",
    "matched_rule_priority",
    "request_creation_time",
    "actions_executed",
    "redirect_url",
    "error_reason",
    "target_port_list",
    "target_status_code_list",
    "classification",
    "classification_reason",
    "conn_trace_id",
};

// Where each token of the line goes in m_extras (-1: a common field only).
enum Extra : std::size_t {
  kType,
  kElb,
  kTarget,
  kRequestTime,
  kTargetTime,
  kResponseTime,
  kElbStatus,
  kTargetStatus,
  kReceived,
  kSent,
  kCipher,
  kSslProtocol,
  kTargetGroup,
  kTraceId,
  kDomainName,  // the first optional field
};

[[nodiscard]] bool isAlbType(std::string_view type) {
  return type == "http" || type == "https" || type == "h2" || type == "grpcs" || type == "ws" ||
         type == "wss";
}

}  // namespace

const std::string& AlbFormat::name() const {
  static const std::string kName = "alb";
  return kName;
}

std::span<const std::string> AlbFormat::extraFieldNames() const {
  return kNames;
}

LineKind AlbFormat::read(std::string_view line, LogRecord& out, FieldMask needed) noexcept {
  TokenCursor cursor(line);
  auto& x = m_extras;
  x = {};
  std::string_view client;
  std::int64_t ignored = 0;
  if (!cursor.token(x[kType]) || !isAlbType(x[kType]) || !cursor.token(out.timeText) ||
      !syntax::hasIsoTimeShape(out.timeText) || !cursor.token(x[kElb]) || !cursor.token(client) ||
      !syntax::splitHostPort(client, out.host) || !cursor.token(x[kTarget]) ||
      !cursor.token(x[kRequestTime]) || !syntax::parseAwsSeconds(x[kRequestTime], ignored) ||
      !cursor.token(x[kTargetTime]) ||
      !syntax::parseAwsSeconds(x[kTargetTime], out.durationMicros) ||
      !cursor.token(x[kResponseTime]) || !syntax::parseAwsSeconds(x[kResponseTime], ignored) ||
      !cursor.token(x[kElbStatus]) || !syntax::parseOptionalStatus(x[kElbStatus], out.status) ||
      !cursor.token(x[kTargetStatus]) || !syntax::isBackendStatus(x[kTargetStatus]) ||
      !cursor.token(x[kReceived]) || !syntax::parseAmount(x[kReceived], 1, ignored) ||
      !cursor.token(x[kSent]) || !syntax::parseAmount(x[kSent], 1, out.bytes) ||
      !cursor.quoted(out.request) || !cursor.quoted(out.agent) || !cursor.token(x[kCipher]) ||
      !cursor.token(x[kSslProtocol]) || !cursor.token(x[kTargetGroup]) ||
      !cursor.quoted(x[kTraceId]) || !readTail(cursor.rest(), out)) {
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

bool AlbFormat::readTail(std::string_view rest, LogRecord& out) noexcept {
  // Optional fields, quoted or not as AWS writes them; what follows the last
  // known one is AWS's future and is skipped whatever it holds.
  TokenCursor cursor(rest);
  for (std::size_t i = kDomainName; i < m_extras.size() && !cursor.atEnd(); ++i) {
    if (!cursor.any(m_extras[i])) return false;
  }
  const std::string_view domain = m_extras[kDomainName];
  if (!domain.empty() && domain != "-") out.vhost = domain;
  return true;
}

}  // namespace logmill::workers
