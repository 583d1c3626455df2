#include <gtest/gtest.h>

#include "engine/output/textEscape.hpp"

namespace logmill::engine {
namespace {

TEST(ControlEscaped, PrintableTextAndUtf8PassThrough) {
  EXPECT_EQ(controlEscaped("logs/access 1.log: not a gzip file"),
            "logs/access 1.log: not a gzip file");
  EXPECT_EQ(controlEscaped("logs/caf\xc3\xa9.log"), "logs/caf\xc3\xa9.log");
  EXPECT_EQ(controlEscaped(""), "");
}

TEST(ControlEscaped, ControlBytesBecomeVisibleEscapes) {
  EXPECT_EQ(controlEscaped("bad\nname.log"), "bad\\nname.log");
  EXPECT_EQ(controlEscaped("a\rb\tc"), "a\\rb\\tc");
  EXPECT_EQ(controlEscaped("x\033[2Jy"), "x\\x1b[2Jy");
  EXPECT_EQ(controlEscaped(std::string_view("n\0l\x7f", 4)), "n\\x00l\\x7f");
}

TEST(CsvQuote, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csvQuote("plain"), "plain");
  EXPECT_EQ(csvQuote("a,b"), "\"a,b\"");
  EXPECT_EQ(csvQuote("say \"hi\""), "\"say \"\"hi\"\"\"");
}

TEST(JsonString, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(jsonString("a\"b"), "\"a\\\"b\"");
  EXPECT_EQ(jsonString("\xff"), "\"\xef\xbf\xbd\"");
}

}  // namespace
}  // namespace logmill::engine
