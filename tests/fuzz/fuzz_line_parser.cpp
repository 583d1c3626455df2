// libFuzzer target: the log-line parser. The first byte picks a format
// ("auto" or one of the fixed ones, or a custom LogFormat string); each
// following line is parsed. Checks beyond "no crash":
// - every LogFormat's specialised scan agrees with its compiled steps,
// - a parse with a FieldMask agrees with a full parse on validity,
// - parsed text fields are views into the line itself (for the Apache
//   family; the presets auto also tries have their own targets).

#include <array>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzzInput.hpp"
#include "workers/parse/FieldMask.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/parse/LogFormat.hpp"

using namespace logmill::workers;

namespace {

constexpr std::array<std::string_view, 7> kSpecs = {
    "auto",
    "combined",
    "common",
    "vhost_combined",
    "combined_extra",
    R"(%v %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i" %D)",
    R"(%h [%t] "%m %U %H" %s %B %T "%{X-Forwarded-For}i")",
};

bool within(std::string_view field, std::string_view line) {
  return field.empty() ||
         (field.data() >= line.data() && field.data() + field.size() <= line.data() + line.size());
}

void checkViews(const LogRecord& r, std::string_view line) {
  for (std::string_view f : {r.vhost, r.host, r.ident, r.user, r.timeText, r.request, r.method,
                             r.path, r.protocol, r.referrer, r.agent}) {
    LOGMILL_FUZZ_CHECK(within(f, line));
  }
}

// The same program through its two interpreters must agree.
void checkScanMatchesSteps(const LogFormat& format, std::string_view line) {
  LogRecord fast;
  LogRecord steps;
  const bool fastOk = format.parse(line, fast);
  LOGMILL_FUZZ_CHECK(fastOk == format.parseBySteps(line, steps));
  if (!fastOk) return;
  LOGMILL_FUZZ_CHECK(
      fast.host == steps.host && fast.vhost == steps.vhost && fast.ident == steps.ident &&
      fast.user == steps.user && fast.timeText == steps.timeText && fast.request == steps.request &&
      fast.method == steps.method && fast.path == steps.path && fast.protocol == steps.protocol &&
      fast.referrer == steps.referrer && fast.agent == steps.agent && fast.status == steps.status &&
      fast.bytes == steps.bytes && fast.durationMicros == steps.durationMicros);
}

const std::array<LogFormat, 4>& familyFormats() {
  static const std::array<LogFormat, 4> formats = {
      LogFormat::compile(kCombinedLogFormat, "combined"),
      LogFormat::compile(kCommonLogFormat, "common"),
      LogFormat::vhostCombined(),
      LogFormat::combinedWithExtras(),
  };
  return formats;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  logmill::fuzz::FuzzInput in(data, size);
  const std::uint8_t selector = in.byte();
  LineParser parser(kSpecs[selector % kSpecs.size()]);
  LineParser masked(kSpecs[selector % kSpecs.size()]);
  const FieldMask mask(static_cast<std::uint16_t>(in.byte() << 8 | in.byte()));
  while (!in.empty()) {
    const std::string_view line = in.line();
    LogRecord full;
    const bool ok = parser.parse(line, full);
    if (ok) {
      // The presets (W3C, HAProxy...) may point some fields into their own
      // buffers; fuzz_*_log checks them.
      if (dynamic_cast<const LogFormat*>(parser.currentFormat())) checkViews(full, line);
      (void)full.time();
    }
    LogRecord part;
    LOGMILL_FUZZ_CHECK(masked.parse(line, part, mask) == ok);
    for (const LogFormat& format : familyFormats()) checkScanMatchesSteps(format, line);
  }
  return 0;
}
