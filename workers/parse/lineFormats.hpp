#pragma once
// The registry of log formats: what a --log-format spec names.

#include <memory>
#include <string_view>
#include <vector>

#include "workers/parse/LineFormat.hpp"

namespace logmill::workers {

/// The formats a spec names, in the order auto-detection tries them: "auto"
/// (every preset that can be recognised from a line), a preset name
/// ("combined", "common", "nginx", "vhost_combined", "combined_extra", "alb",
/// "elb", "s3", "cloudfront", "w3c", "haproxy", "json", "json:host=KEY,..."
/// with --json-fields' keys), an
/// Apache LogFormat string or an nginx log_format string. Fresh objects (a
/// format may keep per-file state). Throws std::invalid_argument with a
/// readable message for a bad spec.
[[nodiscard]] std::vector<std::unique_ptr<LineFormat>> lineFormats(std::string_view spec);

}  // namespace logmill::workers
