#pragma once
// Internal to AlbFormat and ElbFormat: the run of fields the two AWS load
// balancer logs share, read once for both.
//   time elb client:port target:port request_processing_time
//   target_processing_time response_processing_time elb_status_code
//   target_status_code received_bytes sent_bytes "request"
// (ALB puts its `type` before it and more fields after; ELB names the target
// `backend`.)

#include <cstdint>
#include <string_view>

#include "workers/parse/FieldMask.hpp"
#include "workers/parse/LogFormat.hpp"
#include "workers/parse/LogRecord.hpp"
#include "workers/parse/TokenCursor.hpp"
#include "workers/parse/presetSyntax.hpp"

namespace logmill::workers::balancer {

/// Where the shared fields go among a format's extras, from its `elb`.
enum Slot : std::size_t {
  kElb,
  kTarget,
  kRequestTime,
  kTargetTime,
  kResponseTime,
  kElbStatus,
  kTargetStatus,
  kReceived,
  kSent,
  kSlotCount,
};

/// Reads the shared fields at `cursor` into `out` (time, host, duration,
/// status, bytes, request) and x[0..kSlotCount); false, with the cursor
/// anywhere, when one of them is not as AWS writes it.
[[nodiscard]] inline bool readCore(TokenCursor& cursor, LogRecord& out, std::string_view* x) {
  std::string_view client;
  std::int64_t ignored = 0;
  return cursor.token(out.timeText) && syntax::hasIsoTimeShape(out.timeText) &&
         cursor.token(x[kElb]) && cursor.token(client) && syntax::splitHostPort(client, out.host) &&
         cursor.token(x[kTarget]) && cursor.token(x[kRequestTime]) &&
         syntax::parseAwsSeconds(x[kRequestTime], ignored) && cursor.token(x[kTargetTime]) &&
         syntax::parseAwsSeconds(x[kTargetTime], out.durationMicros) &&
         cursor.token(x[kResponseTime]) && syntax::parseAwsSeconds(x[kResponseTime], ignored) &&
         cursor.token(x[kElbStatus]) && syntax::parseOptionalStatus(x[kElbStatus], out.status) &&
         cursor.token(x[kTargetStatus]) && syntax::isBackendStatus(x[kTargetStatus]) &&
         cursor.token(x[kReceived]) && syntax::parseAmount(x[kReceived], 1, ignored) &&
         cursor.token(x[kSent]) && syntax::parseAmount(x[kSent], 1, out.bytes) &&
         cursor.quoted(out.request);
}

/// What both do once a line is valid: the time's syntax, and the request's
/// parts (an absolute URL: path and vhost) only when the query reads them.
inline void finish(LogRecord& out, FieldMask needed) {
  out.timeSyntax = TimeSyntax::Iso8601;
  if (syntax::needsRequestParts(needed)) {
    splitRequest(out.request, out);
    syntax::splitAbsoluteUrl(out);
  }
}

}  // namespace logmill::workers::balancer
