#pragma once
// The AWS Classic Load Balancer access log (`--log-format elb`):
//   time elb client:port backend:port request_processing_time
//   backend_processing_time response_processing_time elb_status_code
//   backend_status_code received_bytes sent_bytes "request" "user_agent"
//   ssl_cipher ssl_protocol
// A TCP listener's lines stop after the request; trailing fields AWS may add
// later are ignored.

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "workers/parse/LineFormat.hpp"

namespace logmill::workers {

class ElbFormat final : public LineFormat {
 public:
  static constexpr std::size_t kExtraCount = 11;

  [[nodiscard]] LineKind read(std::string_view line, LogRecord& out,
                              FieldMask needed) noexcept override;
  [[nodiscard]] const std::string& name() const override;
  [[nodiscard]] std::span<const std::string> extraFieldNames() const override;

 private:
  std::array<std::string_view, kExtraCount> m_extras{};
};

}  // namespace logmill::workers
