#include "engine/cli/runStore.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "engine/output/OutputSink.hpp"
#include "engine/output/renderResult.hpp"
#include "engine/output/textEscape.hpp"
#include "engine/store/Store.hpp"
#include "engine/store/countFromStore.hpp"
#include "engine/store/follow.hpp"
#include "workers/process/keepHeap.hpp"
#include "workers/query/ExprTime.hpp"

namespace logmill::engine {
namespace {

void checkDate(const std::string& date, const char* flag) {
  if (!date.empty() && !workers::expr::isIsoDate(date)) {
    throw std::invalid_argument(std::string(flag) + ": invalid date '" + date +
                                "' (dates are written YYYY-MM-DD)");
  }
}

std::optional<std::string> orNull(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

void printStderr(const std::string& text) {
  std::cerr << "logmill: " << controlEscaped(text) << "\n";
}

int runInfo(const std::string& file) {
  store::Store db(file, store::Store::Open::kExisting);
  const std::vector<store::DayInfo> days = db.days();
  const std::vector<store::StreamState> streams = db.streams();
  std::uint64_t lines = 0, partialBytes = 0;
  std::string first, last;
  for (const store::DayInfo& d : days) {
    lines += d.lines;
    partialBytes += d.partialBytes;
    if (d.date.empty()) continue;
    if (first.empty()) first = d.date;
    last = d.date;
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  std::string out = fmt::format(
      "store    {} ({} bytes)\ndays     {}{}\nlines    {}\n"
      "partials {} bytes\nstreams  {}\n",
      controlEscaped(file), ec ? 0 : size, days.size(),
      first.empty() ? "" : fmt::format(" ({} .. {})", first, last), lines, partialBytes,
      streams.size());
  for (const store::StreamState& s : streams) {
    out += fmt::format("stream {:<3} {:>14} bytes read, last from '{}'\n", s.id, s.offset,
                       controlEscaped(s.lastPath));
  }
  for (const store::DayInfo& d : days) {
    out += fmt::format("day {:<10} {:>12} lines {:>10} bytes\n",
                       d.date.empty() ? "(undated)" : d.date, d.lines, d.partialBytes);
  }
  std::cout << out;
  return 0;
}

int runForget(const std::string& file, const std::string& before) {
  checkDate(before, "--before");
  store::Store db(file, store::Store::Open::kExisting);
  db.beginWrite(30000);
  const std::uint64_t n = db.forgetBefore(before);
  db.commit();
  std::cerr << "logmill: forgot " << n << " days before " << before << "\n";
  return 0;
}

int runVerify(const std::string& file) {
  store::Store db(file, store::Store::Open::kExisting);
  const std::vector<std::string> problems = db.verify();
  for (const std::string& p : problems) printStderr(p);
  if (problems.empty()) std::cout << file << ": ok\n";
  return problems.empty() ? 0 : 1;
}

}  // namespace

void StoreQueryFlags::attach(CLI::App& cmd, bool withStore) {
  cmd.add_option("--from", from, "only days from DATE on (YYYY-MM-DD, the server's local date)")
      ->type_name("DATE");
  cmd.add_option("--to", to, "only days up to DATE, included")->type_name("DATE");
  if (withStore) {
    cmd.add_option("--store", store, "answer from the store FILE (see ingest), reading no log")
        ->type_name("FILE");
    attachFollow(cmd);
  }
}

void StoreQueryFlags::apply(workers::Query& query) const {
  checkDate(from, "--from");
  checkDate(to, "--to");
  if (!store.empty() || follow) return;  // a store (held in memory to follow) picks the days
  std::string range;
  if (!from.empty()) range = "date >= \"" + from + "\"";
  if (!to.empty()) range += (range.empty() ? "" : " and ") + ("date <= \"" + to + "\"");
  if (range.empty()) return;
  query.where = query.where.empty() ? range : "(" + query.where + ") and " + range;
}

bool storeAnswers(workers::Command command) {
  using workers::Command;
  return command == Command::Report || command == Command::Count || command == Command::Top;
}

void checkStoreQuery(const AnalysisOptions& options) {
  if (!options.query.where.empty()) {
    throw std::invalid_argument("--where cannot be used with --store: the store holds every line");
  }
  if (options.query.command == workers::Command::Report) return;
  if (workers::usesAggregates(options.query)) {
    throw std::invalid_argument("--agg and --bucket cannot be used with --store: it keeps counts");
  }
  try {
    store::checkStoreGroups(options.query.by);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--by: ") + e.what());
  }
}

RunResult queryStore(store::Store& db, const AnalysisOptions& options,
                     const StoreQueryFlags& flags) {
  RunResult result;
  if (options.query.command == workers::Command::Report) {
    // Followed, the report is merged with each round's days, and an emitted
    // partial is merged later: both keep their visitor sets.
    const bool printedOnly = !flags.follow && options.emitPartial.empty();
    result.partial = printedOnly ? db.loadForPrinting(orNull(flags.from), orNull(flags.to))
                                 : db.load(orNull(flags.from), orNull(flags.to));
    (void)result.partial.report();  // a report section even for an empty range, as a direct run has
  } else {
    result.partial =
        store::countFromStore(db, orNull(flags.from), orNull(flags.to), options.query.by);
  }
  return result;
}

int runStoreQuery(const AnalysisOptions& options, const StoreQueryFlags& flags) {
  checkStoreQuery(options);
  if (!options.paths.empty()) {
    throw std::invalid_argument("--store reads no log: give no PATH with it");
  }
  // A report reads a few MB a day and builds its rows once: freed blocks
  // stay in the heap, not unmapped and faulted in again (-10% CPU).
  workers::keepHeapBetweenTasks();
  store::Store db(flags.store, store::Store::Open::kExisting);
  const RunResult result = queryStore(db, options, flags);
  OutputSink out;
  return printResult(options, result, std::chrono::steady_clock::now(), out);
}

StoreCommands::StoreCommands(CLI::App& app) {
  m_ingest = app.add_subcommand("ingest", "add what is new under PATHs to a --store");
  m_ingest->add_option("--store", m_ingestOptions.storePath, "the store FILE (created if missing)")
      ->required()
      ->type_name("FILE");
  m_ingest->add_option("PATH", m_ingestOptions.paths, "log files or directories (recursed)")
      ->required();
  m_ingest
      ->add_option("--log-format", m_ingestOptions.logFormat,
                   "auto|combined|common|nginx|vhost_combined|'<Apache LogFormat>'")
      ->capture_default_str();
  m_ingest->add_option("--include", m_ingestOptions.discover.include, "only files matching GLOB")
      ->type_name("GLOB");
  m_ingest->add_option("--exclude", m_ingestOptions.discover.exclude, "skip files matching GLOB")
      ->type_name("GLOB");
  m_ingest->add_option("--wait", m_waitSeconds, "seconds to wait for another ingest on the store")
      ->capture_default_str();
  m_ingest->add_flag("--stats", m_stats, "a summary on stderr (with --follow: one a commit)");
  CLI::Option* follow = m_ingest->add_flag(
      "--follow", m_follow,
      "keep ingesting as the logs grow and rotate, until SIGINT/SIGTERM (exit 0)");
  m_ingest
      ->add_option("--interval", m_intervalSeconds,
                   "--follow: least seconds between two commits (fractions allowed)")
      ->check(CLI::Range(0.01, 86400.0))
      ->capture_default_str()
      ->needs(follow);
  m_ingest
      ->add_flag("--poll", m_poll,
                 "--follow: look every --interval instead of waiting on inotify "
                 "(network file systems)")
      ->needs(follow);
  m_commitLines =
      m_ingest
          ->add_option("--commit-lines", m_ingestOptions.maxLines,
                       "commit once N lines were read (checked each MiB; default: --follow "
                       "100000, else all in one commit)")
          ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  m_ingest->footer(R"(Examples:
  # every night from cron: read only what is new, whatever logrotate did
  $ logmill ingest --store /var/lib/logmill/web.db /var/log/nginx/
  # then a report over any range of days, without reading a log
  $ logmill report --store /var/lib/logmill/web.db --from 2026-11-01 --format html -o nov.html
  # or keep it current: commit what is new every 30 s until stopped (Ctrl-C, SIGTERM)
  $ logmill ingest --follow --interval 30 --store /var/lib/logmill/web.db /var/log/nginx/)");

  CLI::App* store = app.add_subcommand("store", "look after a store: info, forget, verify");
  store->require_subcommand(1);
  m_info = store->add_subcommand("info", "days, streams and sizes held in FILE");
  m_info->add_option("FILE", m_file, "the store")->required();
  m_forget = store->add_subcommand("forget", "delete the days before --before DATE");
  m_forget->add_option("--before", m_before, "the first day to keep (YYYY-MM-DD)")
      ->required()
      ->type_name("DATE");
  m_forget->add_option("FILE", m_file, "the store")->required();
  m_verify = store->add_subcommand("verify", "check the database and decode every day");
  m_verify->add_option("FILE", m_file, "the store")->required();
}

std::optional<int> StoreCommands::runParsed() {
  if (m_ingest->parsed()) return runIngest();
  if (m_info->parsed()) return runInfo(m_file);
  if (m_forget->parsed()) return runForget(m_file, m_before);
  if (m_verify->parsed()) return runVerify(m_file);
  return std::nullopt;
}

void StoreCommands::report(const store::IngestResult& r) const {
  for (const std::string& note : r.notes) printStderr("note: " + note);
  for (const workers::FileError& e : r.errors) printStderr(e.message);
  if (m_stats) {
    std::cerr << fmt::format(
        "files      {} ({} unchanged, {} failed)\nnew text   {} bytes\n"
        "new lines  {}\n",
        r.files, r.unchanged, r.errors.size(), r.textBytes, r.lines);
  }
}

int StoreCommands::runIngest() {
  m_ingestOptions.busyMs = static_cast<int>(std::min(m_waitSeconds, 86400u) * 1000);
  if (m_follow) return runFollow();
  if (m_commitLines->count() == 0) m_ingestOptions.maxLines = 0;
  store::IngestResult r = store::ingest(m_ingestOptions);
  report(r);
  bool failed = !r.errors.empty();
  while (r.more) {  // --commit-lines: the rest, a commit at a time
    r = store::ingest(m_ingestOptions);
    report(r);
    failed = failed || !r.errors.empty();
  }
  return failed ? 1 : 0;
}

int StoreCommands::runFollow() {
  for (const std::string& path : m_ingestOptions.paths) {
    if (path == "-") throw std::invalid_argument("--follow: stdin cannot be followed, only files");
  }
  store::FollowOptions options;
  options.ingest = m_ingestOptions;
  if (m_commitLines->count() == 0) options.ingest.maxLines = kFollowCommitLines;
  options.poll = m_poll;
  options.interval = std::chrono::milliseconds(static_cast<std::int64_t>(m_intervalSeconds * 1000));
  // Errors in a round (a file unreadable for a moment) are reported and the
  // next round tries again; only the signal ends a follow.
  store::follow(options, [this](store::Store&, store::IngestResult& r) { report(r); });
  return 0;
}

}  // namespace logmill::engine
