#include "datasets/LogStyle.hpp"

#include <array>
#include <utility>

namespace logmill::datasets {

std::optional<LogStyle> logStyleNamed(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, LogStyle>, 8> kStyles = {{
      {"combined", LogStyle::Combined},
      {"alb", LogStyle::Alb},
      {"elb", LogStyle::Elb},
      {"s3", LogStyle::S3},
      {"cloudfront", LogStyle::CloudFront},
      {"w3c", LogStyle::W3c},
      {"haproxy", LogStyle::Haproxy},
      {"json", LogStyle::Json},
  }};
  for (const auto& [styleName, style] : kStyles) {
    if (styleName == name) return style;
  }
  return std::nullopt;
}

}  // namespace logmill::datasets
