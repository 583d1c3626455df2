#include <gtest/gtest.h>

#include <string>

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

TEST(ControlEscaped, C1ControlsWrittenAsUtf8AreVisible) {
  // U+009B is CSI on terminals that honour C1: as dangerous as ESC [.
  EXPECT_EQ(controlEscaped("a\xc2\x9b"
                           "31mb"),
            "a\\xc2\\x9b31mb");
  EXPECT_EQ(controlEscaped("\xc2\xa0nbsp"), "\xc2\xa0nbsp");  // U+00A0 is text
}

TEST(MessageEscaped, KeepsLineBreaksEscapesTheRest) {
  EXPECT_EQ(messageEscaped("bad --where\n  x == \"\x1b[2J\n  ^"),
            "bad --where\n  x == \"\\x1b[2J\n  ^");
  EXPECT_EQ(messageEscaped("tab\there\r"), "tab\\there\\r");
}

TEST(TsvEscaped, TabNewlineCarriageReturnAndBackslashAlways) {
  EXPECT_EQ(tsvEscaped("plain"), "plain");
  EXPECT_EQ(tsvEscaped("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
  // Piped, other control bytes are data (PostgreSQL COPY leaves them too).
  EXPECT_EQ(tsvEscaped("x\x1b[2J"), "x\x1b[2J");
}

TEST(TsvEscaped, OnATerminalEveryControlByteIsVisible) {
  EXPECT_EQ(tsvEscaped("x\x1b[2J\t\\", true), "x\\x1b[2J\\t\\\\");
  EXPECT_EQ(tsvEscaped("plain", true), "plain");
}

TEST(FormulaNeutralized, GuardsSpreadsheetFormulaTriggers) {
  EXPECT_EQ(formulaNeutralized("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
  EXPECT_EQ(formulaNeutralized("+1+1"), "'+1+1");
  EXPECT_EQ(formulaNeutralized("-2+3"), "'-2+3");
  EXPECT_EQ(formulaNeutralized("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(formulaNeutralized("\tx"), "'\tx");
  EXPECT_EQ(formulaNeutralized("-"), "-");  // the log's "no value"
  EXPECT_EQ(formulaNeutralized(""), "");
  EXPECT_EQ(formulaNeutralized("Mozilla/5.0"), "Mozilla/5.0");
}

TEST(JsonString, EveryControlCharacterIsEscaped) {
  EXPECT_EQ(jsonString("\x1b[2J"), "\"\\u001b[2J\"");
  EXPECT_EQ(jsonString("del\x7f"), "\"del\\u007f\"");
  EXPECT_EQ(jsonString("csi\xc2\x9b"
                       "1m"),
            "\"csi\\u009b1m\"");
  EXPECT_EQ(jsonString("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
}

// Writers copy a cell as it is when tsvEscapeNeeded says so: it must agree
// with tsvEscaped on every byte, in and out of a terminal.
TEST(TsvEscapeNeeded, TrueExactlyWhenTsvEscapedChangesTheText) {
  for (const bool terminal : {false, true}) {
    for (int b = 0; b < 256; ++b) {
      for (const std::string& s : {std::string(1, static_cast<char>(b)),
                                   "10.0.0." + std::string(1, static_cast<char>(b)) + "x"}) {
        EXPECT_EQ(tsvEscapeNeeded(s, terminal), tsvEscaped(s, terminal) != s)
            << b << " terminal " << terminal;
      }
    }
    EXPECT_TRUE(tsvEscapeNeeded("csi\xc2\x9b", terminal) == terminal);
    EXPECT_FALSE(tsvEscapeNeeded("", terminal));
    EXPECT_FALSE(tsvEscapeNeeded("caf\xc3\xa9", terminal));
  }
}

TEST(HtmlEscaped, MarkupCharactersBecomeEntities) {
  EXPECT_EQ(htmlEscaped("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(htmlEscaped("plain"), "plain");
}

}  // namespace
}  // namespace logmill::engine
