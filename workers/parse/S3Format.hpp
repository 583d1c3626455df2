#pragma once
// The Amazon S3 server access log (`--log-format s3`):
//   bucket_owner bucket [time] remote_ip requester request_id operation key
//   "request_uri" http_status error_code bytes_sent object_size total_time
//   turn_around_time "referer" "user_agent" version_id host_id
//   signature_version cipher_suite authentication_type host_header
//   tls_version access_point_arn acl_required ...
// Fields after the user agent came later (older logs end early); fields AWS
// adds after the last known one are ignored.

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "workers/parse/LineFormat.hpp"

namespace logmill::workers {

class S3Format final : public LineFormat {
 public:
  static constexpr std::size_t kExtraCount = 19;

  [[nodiscard]] LineKind read(std::string_view line, LogRecord& out,
                              FieldMask needed) noexcept override;
  [[nodiscard]] const std::string& name() const override;
  [[nodiscard]] std::span<const std::string> extraFieldNames() const override;

 private:
  std::array<std::string_view, kExtraCount> m_extras{};
};

}  // namespace logmill::workers
