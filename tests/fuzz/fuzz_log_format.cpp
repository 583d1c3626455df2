// libFuzzer target: the LogFormat-string compiler (Apache and nginx strings). The first line is the
// format spec; a bad one must be refused with std::invalid_argument (and a
// message), a good one must parse the remaining lines without crashing and
// its specialised scan (if it has one) must agree with its compiled steps.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzzInput.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/parse/LogFormat.hpp"

using namespace logmill::workers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  logmill::fuzz::FuzzInput in(data, size);
  const std::string_view spec = in.line();
  std::optional<LineParser> parser;
  std::optional<LogFormat> format;
  try {
    parser.emplace(spec);
  } catch (const std::invalid_argument& e) {
    LOGMILL_FUZZ_CHECK(e.what()[0] != '\0');
    return 0;
  }
  // A spec the parser took as another kind (e.g. "json:field=...%h") may
  // hold a '%' without being an Apache format: then there is no compiled
  // format to compare the parser with.
  try {
    if (LogFormat::isNginxFormat(spec)) {
      format.emplace(LogFormat::compileNginx(spec));
    } else if (spec.find('%') != std::string_view::npos) {
      format.emplace(LogFormat::compile(spec));
    }
  } catch (const std::invalid_argument& e) {
    LOGMILL_FUZZ_CHECK(e.what()[0] != '\0');
  }
  while (!in.empty()) {
    const std::string_view line = in.line();
    LogRecord record;
    const bool ok = parser->parse(line, record);
    if (ok) (void)record.time();
    if (format) {
      LogRecord fast;
      LogRecord steps;
      const bool fastOk = format->parse(line, fast);
      LOGMILL_FUZZ_CHECK(fastOk == format->parseBySteps(line, steps));
      LOGMILL_FUZZ_CHECK(fast.host == steps.host && fast.request == steps.request &&
                         fast.status == steps.status && fast.bytes == steps.bytes);
    }
  }
  return 0;
}
