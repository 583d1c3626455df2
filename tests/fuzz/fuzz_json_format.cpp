// libFuzzer target: the json preset. The first line is a --json-fields
// list; a bad one must be refused with std::invalid_argument (and a
// message). Every other line is read as JSON with a named field asked for:
// never a crash, a record always has a status, and its named values can be
// read (ASan checks the views point at live storage).

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tests/fuzz/fuzzInput.hpp"
#include "workers/parse/JsonFormat.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/parse/NamedField.hpp"

using namespace logmill::workers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  logmill::fuzz::FuzzInput in(data, size);
  const std::string spec = "json:" + std::string(in.line());
  std::optional<LineParser> parser;
  try {
    parser.emplace(spec == "json:" ? "json" : spec);
  } catch (const std::invalid_argument& e) {
    LOGMILL_FUZZ_CHECK(e.what()[0] != '\0');
    return 0;
  }
  const std::vector<Field> named{namedField("tenant"), namedField("upstream_response_time")};
  parser->readNamedFields(named);
  LineParser automatic("auto");
  while (!in.empty()) {
    const std::string_view line = in.line();
    LogRecord record;
    if (parser->parse(line, record)) {
      LOGMILL_FUZZ_CHECK(record.status >= 0 && record.status <= 999);
      std::string text;
      for (const Field f : named) appendFieldValue(record, f, text);
      (void)record.time();
    }
    LogRecord other;
    (void)automatic.parse(line, other);
  }
  return 0;
}
