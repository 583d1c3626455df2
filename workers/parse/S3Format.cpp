#include "workers/parse/S3Format.hpp"

#include "workers/parse/LogFormat.hpp"
#include "workers/parse/TokenCursor.hpp"
#include "workers/parse/presetSyntax.hpp"

namespace logmill::workers {

namespace {

const std::array<std::string, S3Format::kExtraCount> kNames = {
    "bucket_owner", "bucket",      "requester",         "request_id",   "operation",
    "key",          "error_code",  "object_size",       "total_time",   "turn_around_time",
    "version_id",   "host_id",     "signature_version", "cipher_suite", "authentication_type",
    "host_header",  "tls_version", "access_point_arn",  "acl_required",
};

enum Extra : std::size_t {
  kOwner,
  kBucket,
  kRequester,
  kRequestId,
  kOperation,
  kKey,
  kErrorCode,
  kObjectSize,
  kTotalTime,
  kTurnAround,
  kVersionId,  // the first optional field
  kHostId,
  kSignature,
  kCipher,
  kAuthType,
  kHostHeader,
};

}  // namespace

const std::string& S3Format::name() const {
  static const std::string kName = "s3";
  return kName;
}

std::span<const std::string> S3Format::extraFieldNames() const {
  return kNames;
}

LineKind S3Format::read(std::string_view line, LogRecord& out, FieldMask needed) noexcept {
  TokenCursor cursor(line);
  auto& x = m_extras;
  x = {};
  std::int64_t ignored = 0;
  std::string_view status, bytes;
  if (!cursor.token(x[kOwner]) || !cursor.token(x[kBucket]) || !cursor.bracketed(out.timeText) ||
      out.timeText.size() != syntax::kClfTimeSize ||
      !syntax::hasClfTimeShape(out.timeText.data()) || !cursor.token(out.host) ||
      !cursor.token(x[kRequester]) || !cursor.token(x[kRequestId]) ||
      !cursor.token(x[kOperation]) || !cursor.token(x[kKey]) || !cursor.quoted(out.request) ||
      !cursor.token(status) || !syntax::parseOptionalStatus(status, out.status) ||
      !cursor.token(x[kErrorCode]) || !cursor.token(bytes) ||
      !syntax::parseAmount(bytes, 1, out.bytes) || !cursor.token(x[kObjectSize]) ||
      !syntax::parseAmount(x[kObjectSize], 1, ignored) || !cursor.token(x[kTotalTime]) ||
      !syntax::parseMillis(x[kTotalTime], out.durationMicros) || !cursor.token(x[kTurnAround]) ||
      !syntax::parseMillis(x[kTurnAround], ignored) || !cursor.quoted(out.referrer) ||
      !cursor.quoted(out.agent)) {
    return LineKind::Malformed;
  }
  for (std::size_t i = kVersionId; i < x.size() && !cursor.atEnd(); ++i) {
    if (!cursor.any(x[i])) return LineKind::Malformed;
  }
  out.user = x[kRequester];
  if (!x[kHostHeader].empty() && x[kHostHeader] != "-") out.vhost = x[kHostHeader];
  if (syntax::needsRequestParts(needed)) splitRequest(out.request, out);
  out.extras = x.data();
  out.extraCount = static_cast<std::uint8_t>(x.size());
  return LineKind::Record;
}

}  // namespace logmill::workers
