#include "workers/map/Mapper.hpp"

#include <algorithm>

#include "workers/input/InputError.hpp"
#include "workers/input/LineReader.hpp"
#include "workers/parse/FieldMask.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/query/AggregateMapper.hpp"
#include "workers/query/GroupKey.hpp"
#include "workers/query/Predicate.hpp"

namespace logmill::workers {
namespace {
constexpr std::string_view kRobotsPath = "/robots.txt";

/// False only if no parse of this line can give path /robots.txt: the path
/// is the request itself or follows its first space (a method is at most 32
/// bytes), unless the format fills it directly (%U), which a masked parse
/// also does. Most lines fail here and never have their request split.
[[nodiscard]] bool mayRequestRobots(const LogRecord& record) {
  const std::string_view request = record.request;
  if (record.path == kRobotsPath || request.starts_with(kRobotsPath)) return true;
  constexpr std::size_t kMethodLimit = 33;
  const std::size_t limit = std::min(request.size(), kMethodLimit);
  for (std::size_t i = 0; i < limit; ++i) {
    if (request[i] == ' ') return request.substr(i + 1).starts_with(kRobotsPath);
  }
  return false;
}
}  // namespace

struct Mapper::Impl {
  Query query;
  Predicate predicate;
  std::vector<Field> keyFields;
  std::string key;  // reused for every line: no allocation per line
  ProgressFn progress;
  LineFn onMatch;
  std::unique_ptr<AggregateMapper> aggregate;  // --agg / --bucket; null for plain counts

  explicit Impl(const Query& q) : query(q), predicate(q.where) {
    LineParser check(q.logFormat);  // reject a bad --log-format before any work
    keyFields = q.command == Command::Robots ? std::vector<Field>{Field::Host} : q.by;
    if ((q.command == Command::Count || q.command == Command::Top) && usesAggregates(q)) {
      aggregate = std::make_unique<AggregateMapper>(q);
    }
  }

  void mapLines(LineReader& reader, LineParser& parser, Partial& into) {
    RunStats& stats = into.stats();
    const bool robots = query.command == Command::Robots;
    const bool filter = !predicate.matchesAll();
    const bool grouped = !keyFields.empty();
    // Only what the query reads is extracted; validity (and so the malformed
    // count) never depends on it.
    FieldMask needed = fieldMaskFor(keyFields);
    if (filter) needed |= predicate.fieldMask();
    if (robots) needed |= FieldMask::kRequest;
    // A report reads every field; its section exists even when nothing matches.
    ReportAggregate* report = query.command == Command::Report ? &into.report() : nullptr;
    if (report) needed = FieldMask::all();
    if (aggregate) needed |= aggregate->fieldMask();
    LogRecord record;
    std::string_view line;
    // Local counters (kept in registers), flushed even when reading stops on
    // damage: the lines before it still count.
    std::uint64_t lines = 0, parsed = 0, matched = 0;
    struct Flush {
      std::uint64_t &lines, &parsed, &matched;
      RunStats& stats;
      Partial& into;
      bool grouped;
      ~Flush() {
        stats.lines += lines;
        stats.parsed += parsed;
        stats.malformed += lines - parsed;
        stats.matched += matched;
        if (!grouped && matched > 0) into.add({}, matched);
      }
    } flush{lines, parsed, matched, stats, into, grouped || aggregate};
    const LiteralFinder robotsFinder(kRobotsPath);
    for (;;) {
      if (robots) {
        // A line without "/robots.txt" cannot request it, whatever else it
        // holds: such lines are counted, not parsed.
        const LineReader::Step step = reader.nextContaining(robotsFinder, line);
        if (step == LineReader::Step::kEnd) break;
        if (step == LineReader::Step::kSkipped) {
          if (progress) progress(lines + reader.skippedLines(), reader.bytesIn());
          continue;
        }
      } else if (!reader.next(line)) {
        break;
      }
      ++lines;
      if ((lines & (kProgressLines - 1)) == 0 && progress) {
        progress(lines + reader.skippedLines(), reader.bytesIn());  // never goes back
      }
      if (!parser.parse(line, record, needed)) continue;
      ++parsed;
      if (robots) {
        if (!mayRequestRobots(record)) continue;
        // A rare line: parse it in full (the same format wins again, so the
        // record is the one a full parse gives) to decide on its real path.
        if (!filter && !parser.parse(line, record)) continue;
        if (record.path != kRobotsPath) continue;
      }
      if (filter && !predicate.matches(record)) continue;
      ++matched;
      if (onMatch) onMatch(line);
      if (report) report->add(record);
      if (aggregate) {
        aggregate->map(record, into.aggregates());
      } else if (grouped) {
        buildGroupKey(record, keyFields, key);
        into.add(key);
      }
    }
  }
};

Mapper::Mapper(const Query& query) : m_impl(std::make_unique<Impl>(query)) {}
Mapper::~Mapper() = default;
void Mapper::onProgress(ProgressFn fn) {
  m_impl->progress = std::move(fn);
}
void Mapper::onMatch(LineFn fn) {
  m_impl->onMatch = std::move(fn);
}
Mapper::Mapper(Mapper&&) noexcept = default;
Mapper& Mapper::operator=(Mapper&&) noexcept = default;

void Mapper::run(const std::string& path, ByteRange range, Partial& into,
                 const ReaderOptions& readerOptions) {
  RunStats& stats = into.stats();
  if (range.begin == 0) ++stats.files;  // a split file counts once
  try {
    LineReader reader(path, range, readerOptions);
    mapReader(reader, into);
  } catch (const InputError& e) {
    ++stats.failedFiles;
    into.errors().push_back({path, e.what()});
  }
}

void Mapper::runText(const std::string& name, std::string_view text, Partial& into) {
  LineReader reader = LineReader::ofText(name, text);
  mapReader(reader, into);  // memory cannot be damaged: no InputError
}

void Mapper::mapReader(LineReader& reader, Partial& into) {
  RunStats& stats = into.stats();
  LineParser parser(m_impl->query.logFormat);  // auto-detection starts afresh per file
  struct Account {                             // counts bytes even when reading stops on damage
    LineReader& r;
    RunStats& s;
    ~Account() {
      s.bytesIn += r.accountedBytesIn();
      s.bytesOut += r.bytesOut();
      s.lines += r.overlongLines() + r.skippedLines();
      s.malformed += r.overlongLines();
      s.skipped += r.skippedLines();
    }
  } account{reader, stats};
  m_impl->mapLines(reader, parser, into);
}

}  // namespace logmill::workers
