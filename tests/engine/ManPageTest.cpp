#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "engine/cli/commandExamples.hpp"
#include "workers/parse/Field.hpp"

namespace logmill::engine {
namespace {

std::string manInclude() {
  std::ifstream in(std::string(LOGMILL_TEST_DATA) + "/../../docs/man/logmill.h2m");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The roff between "[FIELDS]" and the next "[SECTION]" line.
std::string fieldsSection(const std::string& include) {
  const std::size_t start = include.find("\n[FIELDS]\n");
  const std::size_t end = include.find("\n[", start + 1);
  return start == std::string::npos ? std::string() : include.substr(start, end - start);
}

TEST(ManPage, ListsEveryFieldTheParserKnows) {
  const std::string fields = fieldsSection(manInclude());
  ASSERT_FALSE(fields.empty()) << "no [FIELDS] in docs/man/logmill.h2m";
  for (int i = 0; i < workers::kFieldCount; ++i) {
    const std::string name(workers::fieldName(static_cast<workers::Field>(i)));
    const std::regex word("(^|[ \\n])" + name + "([ \\n]|$)");
    EXPECT_TRUE(std::regex_search(fields, word)) << name << " is not under FIELDS";
  }
}

TEST(CommandExamples, EveryCommandHasTwoOrThreeRunnableExamples) {
  for (const char* command : {"robots", "count", "top", "report", "grep", "merge", "gen", "bench",
                              "merge robots", "merge count", "merge top", "merge report"}) {
    const std::string text = commandExamples(command);
    ASSERT_EQ(text.rfind("Examples:\n", 0), 0u) << command;
    std::size_t examples = 0;
    for (std::size_t at = text.find("\n  $ logmill "); at != std::string::npos;
         at = text.find("\n  $ logmill ", at + 1)) {
      ++examples;
    }
    // "zcat ... | logmill robots -" is an example of robots too
    if (text.find("\n  $ zcat ") != std::string::npos) ++examples;
    EXPECT_GE(examples, 2u) << command;
    EXPECT_LE(examples, 4u) << command;
  }
  EXPECT_EQ(commandExamples("worker"), "");
}

}  // namespace
}  // namespace logmill::engine
