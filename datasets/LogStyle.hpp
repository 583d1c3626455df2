#pragma once
// Which log format `logmill gen` writes its records in.

#include <optional>
#include <string_view>

namespace logmill::datasets {

enum class LogStyle : unsigned char { Combined, Alb, Elb, S3, CloudFront, W3c, Haproxy, Json };

/// The style a `--log-format` name means (`combined`, `alb`, `elb`, `s3`,
/// `cloudfront`, `w3c`, `haproxy`, `json`); nullopt for any other name.
[[nodiscard]] std::optional<LogStyle> logStyleNamed(std::string_view name);

/// The names logStyleNamed accepts, comma-separated, for messages.
inline constexpr std::string_view kLogStyleNames =
    "combined, alb, elb, s3, cloudfront, w3c, haproxy, json";

}  // namespace logmill::datasets
