#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "tests/TempDir.hpp"
#include "engine/cli/completionScript.hpp"

namespace logmill::engine {
namespace {

/// A small CLI shaped like logmill's: options with choices, FILE and DIR
/// values, a repeatable option, nested subcommands and hidden ones.
struct ToyCli {
  CLI::App app{"toy", "toy"};
  std::string pool, out, dir, glob;
  std::vector<std::string> paths, includes;
  bool stats = false;
  ToyCli() {
    CLI::App* count = app.add_subcommand("count", "request counts");
    count->add_option("PATH", paths, "files")->required();
    count->add_option("--pool", pool, "process|thread|serial")
        ->check(CLI::IsMember({"process", "thread", "serial"}));
    count->add_option("--emit-partial", out, "write it")->type_name("FILE");
    count->add_option("--include", includes, "only GLOB")->type_name("GLOB");
    count->add_flag("--stats", stats, "a summary [on stderr]: it's short");
    count->add_option("--secret", glob, "hidden option")->group("");
    CLI::App* gen = app.add_subcommand("gen", "write a dataset");
    gen->add_option("DIR", dir, "output directory")->required();
    CLI::App* merge = app.add_subcommand("merge", "reduce partial files");
    merge->add_subcommand("top", "the largest groups")->add_option("-n", glob, "how many");
    app.add_subcommand("worker", "internal")->group("");
  }
};

/// Runs `shell -n` on `script` and returns its exit status.
int syntaxCheck(const std::string& shell, const std::string& script) {
  testing::TempDir dir;
  const std::string path = dir.write("script", script);
  return std::system((shell + " -n " + path + " 2>&1").c_str());
}

bool haveShell(const std::string& shell) {
  return std::system(("command -v " + shell + " >/dev/null 2>&1").c_str()) == 0;
}

TEST(CompletionScript, BashOffersEveryCommandOptionAndChoice) {
  ToyCli cli;
  const std::string s = completionScript(cli.app, "bash");
  EXPECT_NE(s.find("'toy count') cmd=toy_count"), std::string::npos);
  EXPECT_NE(s.find("'toy_merge top') cmd=toy_merge_top"), std::string::npos);
  EXPECT_NE(s.find("toy_count) _logmill_complete '-h --help --pool --emit-partial --include "
                   "--stats' '' files"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("'toy_count --pool') _logmill_words 'process thread serial'"),
            std::string::npos);
  EXPECT_NE(s.find("'toy_count --emit-partial') _logmill_paths -f"), std::string::npos);
  EXPECT_NE(s.find("toy_gen) _logmill_complete '-h --help' '' dirs"), std::string::npos);
  EXPECT_NE(s.find("toy) _logmill_complete '-h --help' 'count gen merge' none"), std::string::npos);
  EXPECT_EQ(s.find("worker"), std::string::npos);
  EXPECT_EQ(s.find("--secret"), std::string::npos);
  EXPECT_NE(s.find("complete -F _logmill toy"), std::string::npos);
  EXPECT_EQ(syntaxCheck("bash", s), 0) << s;
}

TEST(CompletionScript, ZshEscapesDescriptionsAndNestsCommands) {
  ToyCli cli;
  const std::string s = completionScript(cli.app, "zsh");
  EXPECT_EQ(s.rfind("#compdef toy\n", 0), 0u);
  EXPECT_NE(s.find("--stats'[a summary \\[on stderr\\]: it'\\''s short]'"), std::string::npos) << s;
  EXPECT_NE(s.find("--pool'[process|thread|serial]:TEXT:(process thread serial)'"),
            std::string::npos);
  EXPECT_NE(s.find("'*'--include'[only GLOB]:GLOB: '"), std::string::npos);
  EXPECT_NE(s.find("top) _toy_merge_top ;;"), std::string::npos);
  EXPECT_NE(s.find("':directory:_files -/'"), std::string::npos);
  EXPECT_EQ(s.find("worker"), std::string::npos);
  ASSERT_TRUE(haveShell("zsh")) << "zsh is missing: scripts/install-deps.sh installs it";
  EXPECT_EQ(syntaxCheck("zsh", s), 0) << s;
}

TEST(CompletionScript, FishQuotesDescriptions) {
  ToyCli cli;
  const std::string s = completionScript(cli.app, "fish");
  EXPECT_NE(s.find("complete -c toy -n '__toy_is toy' -a count -d 'request counts'"),
            std::string::npos);
  EXPECT_NE(s.find("-l stats -d 'a summary [on stderr]: it\\'s short'"), std::string::npos) << s;
  EXPECT_NE(s.find("-l pool -x -a 'process thread serial'"), std::string::npos);
  EXPECT_NE(s.find("-l emit-partial -r -F"), std::string::npos);
  EXPECT_NE(s.find("complete -c toy -n '__toy_is toy_merge_top' -s n -x"), std::string::npos);
  EXPECT_EQ(s.find("worker"), std::string::npos);
  ASSERT_TRUE(haveShell("fish")) << "fish is missing: scripts/install-deps.sh installs it";
  EXPECT_EQ(syntaxCheck("fish", s), 0) << s;
}

TEST(CompletionScript, UnknownShellIsRefusedByName) {
  ToyCli cli;
  try {
    (void)completionScript(cli.app, "tcsh");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "no completion script for shell 'tcsh' (bash, zsh or fish)");
  }
}

TEST(CompletionScript, ChoiceWithShellSyntaxIsRefused) {
  CLI::App app{"toy", "toy"};
  std::string v;
  app.add_subcommand("run", "run")->add_option("--mode", v, "m")->check(CLI::IsMember({"a;rm"}));
  EXPECT_THROW((void)completionScript(app, "bash"), std::logic_error);
}

}  // namespace
}  // namespace logmill::engine
