#include "workers/parse/LineParser.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "workers/parse/LogFormat.hpp"

namespace logmill::workers {

struct LineParser::Impl {
  std::vector<LogFormat> formats;  ///< tried in this order, after the last winner
  std::size_t lastGood = 0;        ///< index of the format that parsed last
  bool anyGood = false;
};

namespace {

std::vector<LogFormat> formatsFor(std::string_view spec) {
  std::vector<LogFormat> formats;
  if (spec == "auto") {
    // Most specific first: a combined line also starts like a common one,
    // and common rejects trailing text, so the order decides nothing wrongly.
    formats.push_back(LogFormat::compile(kCombinedLogFormat, "combined"));
    formats.push_back(LogFormat::compile(kCommonLogFormat, "common"));
    formats.push_back(LogFormat::vhostCombined());
    formats.push_back(LogFormat::combinedWithExtras());
  } else if (spec == "combined" || spec == "nginx") {
    formats.push_back(LogFormat::compile(kCombinedLogFormat, std::string(spec)));
  } else if (spec == "common") {
    formats.push_back(LogFormat::compile(kCommonLogFormat, "common"));
  } else if (spec == "vhost_combined") {
    formats.push_back(LogFormat::vhostCombined());
  } else if (spec == "combined_extra") {
    formats.push_back(LogFormat::combinedWithExtras());
  } else if (LogFormat::isNginxFormat(spec)) {
    formats.push_back(LogFormat::compileNginx(spec));
  } else if (spec.find('%') != std::string_view::npos) {
    formats.push_back(LogFormat::compile(spec));
  } else {
    throw std::invalid_argument("unknown log format '" + std::string(spec) +
                                "': expected auto, combined, common, nginx, vhost_combined, "
                                "an Apache LogFormat string such as '%h %l %u %t \"%r\" "
                                "%>s %b' or an nginx log_format string such as "
                                "'$remote_addr [$time_local] \"$request\" $status'");
  }
  return formats;
}

}  // namespace

LineParser::LineParser(std::string_view spec) : m_impl(std::make_unique<Impl>()) {
  m_impl->formats = formatsFor(spec);
  m_impl->anyGood = m_impl->formats.size() == 1;  // a fixed format names itself
}

LineParser::~LineParser() = default;
LineParser::LineParser(LineParser&&) noexcept = default;
LineParser& LineParser::operator=(LineParser&&) noexcept = default;

bool LineParser::parse(std::string_view line, LogRecord& out) {
  return parse(line, out, FieldMask::all());
}

bool LineParser::parse(std::string_view line, LogRecord& out, FieldMask needed) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  Impl& impl = *m_impl;
  out = LogRecord{};
  if (impl.formats[impl.lastGood].parse(line, out, needed)) {
    impl.anyGood = true;
    return true;
  }
  // Files mix formats rarely, so the last winner nearly always wins at once.
  for (std::size_t i = 0; i < impl.formats.size(); ++i) {
    if (i == impl.lastGood) continue;
    out = LogRecord{};
    if (impl.formats[i].parse(line, out, needed)) {
      impl.lastGood = i;
      impl.anyGood = true;
      return true;
    }
  }
  return false;
}

std::string_view LineParser::lastFormatName() const {
  // After a malformed line this still names the last format that matched;
  // in auto mode it is empty until some line has parsed.
  return m_impl->anyGood ? std::string_view(m_impl->formats[m_impl->lastGood].name())
                         : std::string_view();
}

}  // namespace logmill::workers
