#include "engine/runAnalysis.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "engine/PartialFile.hpp"
#include "engine/checkOutputNotInput.hpp"
#include "engine/estimateTextBytes.hpp"
#include "engine/output/OrderedOutput.hpp"
#include "engine/output/textEscape.hpp"
#include "engine/planTasks.hpp"
#include "engine/visitorStatsLine.hpp"
#include "workers/parse/botFields.hpp"
#include "workers/query/Predicate.hpp"

namespace logmill::engine {
namespace {

std::string_view poolName(PoolKind kind) {
  switch (kind) {
    case PoolKind::Serial:
      return "serial";
    case PoolKind::Thread:
      return "thread";
    case PoolKind::Process:
      return "process";
  }
  return "?";
}

std::string poolLine(const AnalysisOptions& options, const RunResult& result) {
  if (result.inCoordinator) return "in-process, input too small to share";
  const unsigned jobs = options.pool == PoolKind::Serial ? 1 : options.poolOptions.jobs;
  return fmt::format("{} -j{}", poolName(options.pool), jobs);
}

/// Whether the run classifies bots: a report, or a query naming bot fields.
bool usesBots(const workers::Query& q) {
  const auto isBot = [](workers::Field f) {
    return f == workers::Field::Bot || f == workers::Field::BotName;
  };
  if (q.command == workers::Command::Report) return true;
  if (std::any_of(q.by.begin(), q.by.end(), isBot)) return true;
  if (std::any_of(q.aggregates.begin(), q.aggregates.end(),
                  [&](const workers::AggregateSpec& a) { return isBot(a.field); })) {
    return true;
  }
  const std::vector<workers::Field> read = workers::Predicate(q.where).fields();
  return std::any_of(read.begin(), read.end(), isBot);
}

void printStats(const AnalysisOptions& options, const RunResult& result, double seconds) {
  const workers::RunStats& s = result.partial.stats();
  const double mb = 1e6;
  std::string text = fmt::format(
      "files      {} ({} failed)\n"
      "bytes in   {:.1f} MB\n"
      "text       {:.1f} MB\n"
      "lines      {} ({} parsed, {} malformed{})\n"
      "matched    {}\n"
      "pool       {}\n"
      "wall       {:.3f} s\n"
      "throughput {:.0f} MB/s of text, {:.2f} M lines/s\n",
      s.files, s.failedFiles, s.bytesIn / mb, s.bytesOut / mb, s.lines, s.parsed, s.malformed,
      s.skipped > 0 ? fmt::format(", {} skipped: cannot match", s.skipped) : std::string(),
      s.matched, poolLine(options, result), seconds, seconds > 0 ? s.bytesOut / mb / seconds : 0.0,
      seconds > 0 ? s.lines / 1e6 / seconds : 0.0);
  if (const auto& report = result.partial.report()) text += visitorStatsLine(*report);
  if (result.indexedFiles > 0) {
    text += fmt::format("index      {} gzip file{} split by an index\n", result.indexedFiles,
                        result.indexedFiles == 1 ? "" : "s");
  }
  if (usesBots(options.query)) text += "bots       " + workers::botListSummary() + "\n";
  if (result.streams > 0) {
    text += fmt::format("fan-out    {} input{} read by one producer, {} blocks, {:.3f} s CPU\n",
                        result.streams, result.streams == 1 ? "" : "s", result.blocks,
                        std::chrono::duration<double>(result.producerCpu).count());
  }
  if (options.pool != PoolKind::Serial && !result.inCoordinator) {
    for (const WorkerStats& w : result.workers) {
      text += fmt::format("worker {:<3} {} tasks, {:.1f} MB in, busy {:.3f} s{}\n", w.worker,
                          w.tasks, w.bytesIn / mb, std::chrono::duration<double>(w.busy).count(),
                          w.restarts ? fmt::format(", {} restarts", w.restarts) : "");
    }
  }
  (void)!::write(2, text.data(), text.size());
}

}  // namespace

RunResult analyze(const AnalysisOptions& options, OutputSink* grepOutput) {
  const bool grep = options.query.command == workers::Command::Grep;
  Discovered found = discoverFiles(options.paths, options.discover);
  checkOutputNotInput({options.emitPartial, options.render.report.outputPath}, found.files);
  PlanOptions planOptions = options.plan;
  planOptions.keepOrder = grep;  // grep prints files in argument/sorted order
  planOptions.jobs = options.pool == PoolKind::Serial ? 1 : options.poolOptions.jobs;
  const Plan plan = planTasks(found.files, planOptions);
  std::optional<OrderedOutput> lines;
  if (grep && grepOutput) lines.emplace(*grepOutput, plan.work.tasks.size());
  const bool inCoordinator =
      options.minShareBytes > 0 && options.pool != PoolKind::Serial &&
      estimateTextBytes(plan.work, options.minShareBytes) < options.minShareBytes;
  std::unique_ptr<Pool> pool =
      makePool(inCoordinator ? PoolKind::Serial : options.pool, options.poolOptions);
  RunResult result = pool->run(options.query, plan.work, lines ? &*lines : nullptr);
  result.warnings = plan.warnings;
  result.indexedFiles = plan.indexedFiles;
  result.inCoordinator = inCoordinator;
  auto& errors = result.partial.errors();
  errors.insert(errors.end(), found.errors.begin(), found.errors.end());
  result.partial.stats().failedFiles += found.errors.size();
  std::stable_sort(errors.begin(), errors.end(),
                   [](const auto& a, const auto& b) { return a.path < b.path; });
  return result;
}

int runAnalysis(const AnalysisOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  OutputSink out;
  const bool grep = options.query.command == workers::Command::Grep;
  const RunResult result = analyze(options, grep ? &out : nullptr);
  return printResult(options, result, start, out);
}

int printResult(const AnalysisOptions& options, const RunResult& result,
                std::chrono::steady_clock::time_point start, OutputSink& out) {
  const bool grep = options.query.command == workers::Command::Grep;
  for (const std::string& warning : result.warnings) {
    const std::string line = "logmill: warning: " + controlEscaped(warning) + "\n";
    (void)!::write(2, line.data(), line.size());
  }
  // Errors first: a user piping stdout still sees on stderr what was skipped.
  for (const workers::FileError& e : result.partial.errors()) {
    const std::string line = "logmill: " + controlEscaped(e.message) + "\n";
    (void)!::write(2, line.data(), line.size());
  }
  if (!options.emitPartial.empty()) {
    writePartialFile(options.emitPartial, options.query, result.partial);
  } else if (!grep) {
    // A pool's cores are idle once it ended: its jobs may render big tables.
    RenderOptions render = options.render;
    const bool oneThread = options.pool == PoolKind::Serial || result.inCoordinator;
    // More threads than cores would only take turns.
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    render.threads = oneThread ? 1 : std::clamp(options.poolOptions.jobs, 1u, cores);
    renderResult(options.query, result.partial, render, out);
  }
  out.flush();
  if (options.stats) {
    printStats(options, result,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return result.partial.errors().empty() ? 0 : 1;
}

}  // namespace logmill::engine
