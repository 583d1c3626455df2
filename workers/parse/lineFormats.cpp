#include "workers/parse/lineFormats.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "workers/parse/AlbFormat.hpp"
#include "workers/parse/ElbFormat.hpp"
#include "workers/parse/HaproxyFormat.hpp"
#include "workers/parse/JsonFormat.hpp"
#include "workers/parse/LogFormat.hpp"
#include "workers/parse/S3Format.hpp"
#include "workers/parse/W3cFormat.hpp"

namespace logmill::workers {

namespace {

template <typename Format>
void add(std::vector<std::unique_ptr<LineFormat>>& formats, Format format) {
  formats.push_back(std::make_unique<Format>(std::move(format)));
}

}  // namespace

std::vector<std::unique_ptr<LineFormat>> lineFormats(std::string_view spec) {
  std::vector<std::unique_ptr<LineFormat>> formats;
  if (spec == "auto") {
    // Most specific first: a combined line also starts like a common one,
    // and common rejects trailing text, so the order decides nothing wrongly.
    add(formats, LogFormat::compile(kCombinedLogFormat, "combined"));
    add(formats, LogFormat::compile(kCommonLogFormat, "common"));
    add(formats, LogFormat::vhostCombined());
    add(formats, LogFormat::combinedWithExtras());
    // None of these reads a line of the four above (each starts with a
    // token they cannot have: a type word, an ISO time, a bucket owner
    // before a bracket, a syslog or haproxy tag), so they come after them
    // and the combined hot path is untouched.
    add(formats, AlbFormat());
    add(formats, ElbFormat());
    add(formats, S3Format());
    add(formats, HaproxyFormat());
    add(formats, W3cFormat::generic());
    add(formats, JsonFormat({}, false));  // rejects a line not starting with '{' at once
  } else if (spec == "json" || spec.starts_with("json:")) {
    add(formats, JsonFormat(spec.substr(std::min<std::size_t>(spec.size(), 5))));
  } else if (spec == "combined" || spec == "nginx") {
    add(formats, LogFormat::compile(kCombinedLogFormat, std::string(spec)));
  } else if (spec == "common") {
    add(formats, LogFormat::compile(kCommonLogFormat, "common"));
  } else if (spec == "vhost_combined") {
    add(formats, LogFormat::vhostCombined());
  } else if (spec == "combined_extra") {
    add(formats, LogFormat::combinedWithExtras());
  } else if (spec == "alb") {
    add(formats, AlbFormat());
  } else if (spec == "elb") {
    add(formats, ElbFormat());
  } else if (spec == "s3") {
    add(formats, S3Format());
  } else if (spec == "haproxy") {
    add(formats, HaproxyFormat());
  } else if (spec == "w3c") {
    add(formats, W3cFormat::generic(/*fixed=*/true));
  } else if (spec == "cloudfront") {
    add(formats, W3cFormat::cloudFront());
  } else if (LogFormat::isNginxFormat(spec)) {
    add(formats, LogFormat::compileNginx(spec));
  } else if (spec.find('%') != std::string_view::npos) {
    add(formats, LogFormat::compile(spec));
  } else {
    throw std::invalid_argument(
        "unknown log format '" + std::string(spec) +
        "': expected auto, combined, common, nginx, vhost_combined, json, alb, elb, s3, "
        "cloudfront, w3c, haproxy, "
        "an Apache LogFormat string such as '%h %l %u %t \"%r\" "
        "%>s %b' or an nginx log_format string such as "
        "'$remote_addr [$time_local] \"$request\" $status'");
  }
  return formats;
}

}  // namespace logmill::workers
