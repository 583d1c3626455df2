// libFuzzer target: the --where language (lexer, parser, evaluator). The
// first line is the expression; a bad one must throw ExpressionError with a
// column inside the expression (the caret points at it). A good one is
// evaluated on every line of the rest that parses as a log line, and on a
// few fixed records, with no crash.

#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzzInput.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/query/Predicate.hpp"

using namespace logmill::workers;

namespace {

constexpr std::string_view kLines[] = {
    R"(10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /robots.txt HTTP/1.1" 200 5 "-" "Googlebot/2.1")",
    R"(::1 - bob [31/Dec/1999:23:59:60 -1200] "POST /api/v1/x.php?a=b HTTP/2.0" 503 - "http://r/" "Mozilla/5.0 (Windows NT 10.0) Firefox/99")",
    R"(h - - [01/Jan/1970:00:00:00 +0000] "" 400 0)",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  logmill::fuzz::FuzzInput in(data, size);
  const std::string_view expression = in.line();
  std::optional<Predicate> predicate;
  try {
    predicate.emplace(expression);
  } catch (const ExpressionError& e) {
    LOGMILL_FUZZ_CHECK(e.column() <= expression.size());
    LOGMILL_FUZZ_CHECK(e.what()[0] != '\0');
    return 0;
  }
  LineParser parser("auto");
  LogRecord record;
  for (std::string_view line : kLines) {
    if (parser.parse(line, record)) (void)predicate->matches(record);
  }
  while (!in.empty()) {
    const std::string_view line = in.line();
    if (parser.parse(line, record)) (void)predicate->matches(record);
  }
  if (predicate->matchesAll()) {
    LogRecord empty;
    LOGMILL_FUZZ_CHECK(predicate->matches(empty));
  }
  return 0;
}
