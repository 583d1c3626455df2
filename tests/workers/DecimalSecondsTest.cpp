#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "workers/parse/fieldSyntax.hpp"

namespace logmill::workers::syntax {
namespace {

std::int64_t micros(std::string_view text) {
  std::int64_t value = 12345;
  EXPECT_TRUE(parseDecimalSeconds(text, value)) << text;
  return value;
}

bool refused(std::string_view text) {
  std::int64_t value = 12345;
  const bool ok = parseDecimalSeconds(text, value);
  EXPECT_EQ(value, 12345) << text << ": a refused value leaves the output alone";
  return !ok;
}

TEST(DecimalSeconds, ReadsWholeSecondsAndUpToSixDecimals) {
  EXPECT_EQ(micros("0"), 0);
  EXPECT_EQ(micros("2"), 2'000'000);
  EXPECT_EQ(micros("0.001"), 1'000);
  EXPECT_EQ(micros("0.5"), 500'000);
  EXPECT_EQ(micros("12.345678"), 12'345'678);
  EXPECT_EQ(micros("-"), -1);
  EXPECT_EQ(micros("1000000000000"), 1'000'000'000'000'000'000);  // the largest accepted
  EXPECT_EQ(micros("000000000000000001.000001"), 1'000'001);      // 18 whole digits
}

TEST(DecimalSeconds, RefusesEveryOtherShape) {
  for (const char* text : {"",
                           ".",
                           ".5",
                           "5.",
                           "1.2.3",
                           "1.1234567",
                           "-1",
                           "--",
                           "1e3",
                           "+1",
                           " 1",
                           "1 ",
                           "0x10",
                           "1,5",
                           "1.5s",
                           "1000000000001",
                           "0000000000000000001",     // 19 whole digits
                           "99999999999999999999",    // would overflow int64
                           "18446744073709551617.5",  // would wrap uint64
                           "1.-5",
                           "1..5"}) {
    EXPECT_TRUE(refused(text)) << text;
  }
}

TEST(DecimalSeconds, AgreesWithADigitByDigitReadingOnEveryShortText) {
  // Every text of up to 4 bytes from the alphabet that matters.
  const std::string alphabet = "0159.-x";
  const auto byHand = [](const std::string& t, std::int64_t& out) {
    if (t == "-") {
      out = -1;
      return true;
    }
    const std::size_t dot = t.find('.');
    const std::string whole = t.substr(0, dot);
    const std::string fraction = dot == std::string::npos ? "" : t.substr(dot + 1);
    const auto digits = [](const std::string& s) {
      return s.find_first_not_of("0123456789") == std::string::npos;
    };
    if (whole.empty() || !digits(whole) || !digits(fraction)) return false;
    if (dot != std::string::npos && (fraction.empty() || fraction.size() > 6)) return false;
    out = std::stoll(whole) * 1'000'000 +
          (fraction.empty() ? 0 : std::stoll(fraction + std::string(6 - fraction.size(), '0')));
    return true;
  };
  std::size_t accepted = 0;
  for (std::size_t length = 1; length <= 4; ++length) {
    std::vector<std::size_t> at(length, 0);
    for (;;) {
      std::string text;
      for (const std::size_t i : at) text += alphabet[i];
      std::int64_t expected = 0, got = 0;
      const bool ok = byHand(text, expected);
      ASSERT_EQ(parseDecimalSeconds(text, got), ok) << text;
      if (ok) {
        ASSERT_EQ(got, expected) << text;
        ++accepted;
      }
      std::size_t k = 0;
      while (k < length && ++at[k] == alphabet.size()) at[k++] = 0;
      if (k == length) break;
    }
  }
  EXPECT_GT(accepted, 100u);
}

}  // namespace
}  // namespace logmill::workers::syntax
