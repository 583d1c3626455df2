#include "engine/cli/runFollowQuery.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/output/OutputSink.hpp"
#include "engine/output/textEscape.hpp"
#include "engine/store/follow.hpp"

namespace logmill::engine {
namespace {

/// Where the answer goes, and when.
enum class View {
  kTerminal,  ///< stdout is a terminal: cleared and redrawn each refresh
  kFile,      ///< report -o FILE: rewritten each refresh
  kAtEnd,     ///< a pipe or file on stdout: once, after the signal
};

void printRound(const store::IngestResult& r) {
  std::string text;
  for (const std::string& note : r.notes) text += "logmill: note: " + controlEscaped(note) + "\n";
  for (const workers::FileError& e : r.errors)
    text += "logmill: " + controlEscaped(e.message) + "\n";
  (void)!::write(2, text.data(), text.size());
}

store::FollowOptions followOptions(const AnalysisOptions& options, const StoreQueryFlags& flags) {
  store::FollowOptions follow;
  // ":memory:": SQLite's own database in memory, gone with the process.
  follow.ingest.storePath = flags.store.empty() ? ":memory:" : flags.store;
  follow.ingest.paths = options.paths;
  follow.ingest.discover = options.discover;
  follow.ingest.logFormat = options.query.logFormat;
  follow.ingest.maxLines = kFollowCommitLines;  // a backlog in bounded rounds, shown once read
  follow.interval =
      std::chrono::milliseconds(static_cast<std::int64_t>(flags.intervalSeconds * 1000));
  follow.poll = flags.poll;
  follow.ingest.keepDays = options.query.command == workers::Command::Report;
  return follow;
}

/// Store::load's choice of days: [from, to]; undated lines only when both
/// are open.
bool inRange(const std::string& date, const StoreQueryFlags& flags) {
  if (date.empty()) return flags.from.empty() && flags.to.empty();
  return (flags.from.empty() || date >= flags.from) && (flags.to.empty() || date <= flags.to);
}

/// Throws std::invalid_argument if `output` is a followed file or lies
/// under a followed directory: each rewrite would be read as a log.
void checkOutputNotFollowed(const std::string& output, const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(output, ec);
  for (const std::string& path : paths) {
    const fs::path p = fs::weakly_canonical(path, ec);
    const auto [end, at] = std::mismatch(p.begin(), p.end(), out.begin(), out.end());
    if (end == p.end() && (at != out.end() || p == out)) {
      throw std::invalid_argument("-o: '" + output + "' is under the followed PATH '" + path +
                                  "': it would be read as a log");
    }
  }
}

}  // namespace

void StoreQueryFlags::attachFollow(CLI::App& cmd) {
  CLI::Option* on = cmd.add_flag(
      "--follow", follow,
      "keep reading the PATHs as they grow and rotate until SIGINT/SIGTERM (exit 0), showing the "
      "answer every --interval: a terminal is redrawn, report's -o FILE rewritten; on a pipe, "
      "the final answer is printed once at the end. With --store, each refresh ingests into it");
  cmd.add_option("--interval", intervalSeconds,
                 "--follow: least seconds between two refreshes (fractions allowed)")
      ->check(CLI::Range(0.01, 86400.0))
      ->capture_default_str()
      ->needs(on);
  cmd.add_flag("--poll", poll,
               "--follow: look every --interval instead of waiting on inotify "
               "(network file systems)")
      ->needs(on);
}

int runFollowQuery(const AnalysisOptions& options, const StoreQueryFlags& flags) {
  checkStoreQuery(options);
  if (options.paths.empty()) throw std::invalid_argument("--follow needs the PATHs to follow");
  for (const std::string& path : options.paths) {
    if (path == "-") throw std::invalid_argument("--follow: stdin cannot be followed, only files");
  }
  const std::string& outputPath = options.render.report.outputPath;
  const bool toFile =
      options.query.command == workers::Command::Report && !outputPath.empty() && outputPath != "-";
  if (toFile) checkOutputNotFollowed(outputPath, options.paths);
  const View view = toFile                      ? View::kFile
                    : OutputSink().isTerminal() ? View::kTerminal
                                                : View::kAtEnd;
  bool shown = false;  // the answer shown is the store's now
  // A report is loaded from the store once, then each round's new days
  // merge into it (count/top rebuild from the stored days: one panel each).
  std::optional<RunResult> report;
  const auto show = [&](store::Store& db) {
    const bool running = options.query.command == workers::Command::Report;
    if (running && !report) report = queryStore(db, options, flags);
    const RunResult result = running ? RunResult{} : queryStore(db, options, flags);
    OutputSink out;
    if (view == View::kTerminal) out.write("\x1b[H\x1b[2J");  // home, clear
    (void)printResult(options, running ? *report : result, std::chrono::steady_clock::now(), out);
    shown = true;
  };
  store::follow(
      followOptions(options, flags),
      [&](store::Store& db, store::IngestResult& round) {
        printRound(round);
        if (round.textBytes > 0 || round.files != round.unchanged) shown = false;
        for (auto& [date, partial] : round.days) {
          if (report && inRange(date, flags)) report->partial.merge(std::move(partial));
        }
        // A backlog is shown once read (rounds are bounded by lines).
        if (view != View::kAtEnd && !round.more && !shown) show(db);
      },
      [&](store::Store& db) {
        if (!shown || view == View::kAtEnd) show(db);
      });
  return 0;
}

}  // namespace logmill::engine
