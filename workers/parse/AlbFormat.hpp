#pragma once
// The AWS Application Load Balancer access log (`--log-format alb`):
//   type time elb client:port target:port request_processing_time
//   target_processing_time response_processing_time elb_status_code
//   target_status_code received_bytes sent_bytes "request" "user_agent"
//   ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name" ...
// Fields AWS appends over time are read by name when known and otherwise
// ignored, so newer logs still parse.

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "workers/parse/LineFormat.hpp"

namespace logmill::workers {

class TokenCursor;

class AlbFormat final : public LineFormat {
 public:
  /// The format's own fields, in the order of AWS's documentation.
  static constexpr std::size_t kExtraCount = 26;

  [[nodiscard]] LineKind read(std::string_view line, LogRecord& out,
                              FieldMask needed) noexcept override;
  [[nodiscard]] const std::string& name() const override;
  [[nodiscard]] std::span<const std::string> extraFieldNames() const override;

 private:
  [[nodiscard]] bool readTail(TokenCursor& cursor, LogRecord& out) noexcept;

  std::array<std::string_view, kExtraCount> m_extras{};
};

}  // namespace logmill::workers
