#include "workers/parse/AlbFormat.hpp"

#include "workers/parse/TokenCursor.hpp"
#include "workers/parse/balancerFields.hpp"

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

// Where each token of the line goes in m_extras: the type, the fields ELB
// shares (balancerFields.hpp), then ALB's own.
constexpr std::size_t kType = 0;
constexpr std::size_t kShared = 1;
enum Extra : std::size_t {
  kCipher = kShared + balancer::kSlotCount,
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
  if (!cursor.token(x[kType]) || !isAlbType(x[kType]) ||
      !balancer::readCore(cursor, out, x.data() + kShared) || !cursor.quoted(out.agent) ||
      !cursor.token(x[kCipher]) || !cursor.token(x[kSslProtocol]) ||
      !cursor.token(x[kTargetGroup]) || !cursor.quoted(x[kTraceId]) || !readTail(cursor, out)) {
    return LineKind::Malformed;
  }
  balancer::finish(out, needed);
  out.extras = x.data();
  out.extraCount = static_cast<std::uint8_t>(x.size());
  return LineKind::Record;
}

bool AlbFormat::readTail(TokenCursor& cursor, LogRecord& out) noexcept {
  // Optional fields, quoted or not as AWS writes them; what follows the last
  // known one is AWS's future and is skipped whatever it holds.
  std::size_t i = kDomainName;
  for (; i < m_extras.size() && !cursor.atEnd(); ++i) {
    if (!cursor.any(m_extras[i])) return false;
  }
  for (; i < m_extras.size(); ++i) m_extras[i] = {};  // absent in older logs
  const std::string_view domain = m_extras[kDomainName];
  if (!domain.empty() && domain != "-") out.vhost = domain;
  return true;
}

}  // namespace logmill::workers
