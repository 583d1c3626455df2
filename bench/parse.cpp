// LineParser::parse per format on realistic lines (the first 16k lines of the
// shared log: ~2.8 MB, as a freshly inflated window would be in cache), and
// the lazy LogRecord::time().

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bench/benchData.hpp"
#include "workers/parse/LineParser.hpp"

namespace {

using logmill::workers::LineParser;
using logmill::workers::LogRecord;

constexpr std::size_t kSample = 1 << 14;
constexpr const char* kFormatWithD = R"(%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D)";
constexpr const char* kNginxWithExtra =
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent )"
    R"("$http_referer" "$http_user_agent" $upstream_response_time)";

/// Line texts the benchmarks parse; owned strings when derived from the log.
struct LineSet {
  std::vector<std::string> owned;
  std::vector<std::string_view> views;
  std::uint64_t bytes = 0;
  void finish() {
    for (const auto& s : owned) views.push_back(s);
    for (auto v : views) bytes += v.size();
  }
};

const LineSet& combinedLines() {
  static const LineSet set = [] {
    LineSet s;
    s.views = logmill::bench::sampleLines(kSample);
    s.finish();
    return s;
  }();
  return set;
}

// Common-format lines: each combined line cut right after %b.
const LineSet& commonLines() {
  static const LineSet set = [] {
    LineSet s;
    LineParser parser("combined");
    LogRecord r;
    for (auto line : combinedLines().views) {
      if (!parser.parse(line, r)) {
        s.owned.emplace_back(line);  // malformed stays malformed
        continue;
      }
      // After the request: `" <status> <bytes>`.
      std::size_t pos = static_cast<std::size_t>(r.request.data() + r.request.size() - line.data());
      pos = line.find(' ', pos + 2);  // the space after the status
      pos = line.find(' ', pos + 1);  // the space after the bytes
      s.owned.emplace_back(line.substr(0, pos));
    }
    s.finish();
    return s;
  }();
  return set;
}

// Combined lines with a %D field (microseconds) appended.
const LineSet& durationLines() {
  static const LineSet set = [] {
    LineSet s;
    std::uint64_t micros = 1234;
    for (auto line : combinedLines().views) {
      micros = (micros * 2654435761u + 97) % 2'000'000;
      s.owned.push_back(std::string(line) + " " + std::to_string(micros));
    }
    s.finish();
    return s;
  }();
  return set;
}

/// `text` as the inside of a JSON string, as nginx's escape=json writes it.
void appendJsonString(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[(c >> 4) & 0xf];
      out += kHex[c & 0xf];
    } else {
      out += c;
    }
  }
}

// The combined lines as nginx escape=json lines (the same requests); a
// malformed line stays as it was (so malformed in json too).
const LineSet& jsonLines() {
  static const LineSet set = [] {
    LineSet s;
    LineParser parser("combined");
    LogRecord r;
    for (auto line : combinedLines().views) {
      if (!parser.parse(line, r)) {
        s.owned.emplace_back(line);
        continue;
      }
      std::string json;
      const auto field = [&json](std::string_view key, std::string_view value, bool first) {
        json += first ? "{\"" : ",\"";
        json += key;
        json += "\":\"";
        appendJsonString(json, value);
        json += '"';
      };
      field("time_local", r.timeText, true);
      field("remote_addr", r.host, false);
      field("remote_user", r.user == "-" ? std::string_view() : r.user, false);
      field("request", r.request, false);
      field("status", std::to_string(r.status), false);
      field("body_bytes_sent", r.bytes < 0 ? "-" : std::to_string(r.bytes), false);
      field("http_referer", r.referrer, false);
      field("http_user_agent", r.agent, false);
      json += '}';
      s.owned.push_back(std::move(json));
    }
    s.finish();
    return s;
  }();
  return set;
}

void BM_Parse(benchmark::State& state, const char* spec, const LineSet& (*lines)()) {
  const LineSet& set = lines();
  LineParser parser(spec);
  LogRecord record;
  std::uint64_t parsed = 0;
  for (auto _ : state) {
    parsed = 0;
    for (auto line : set.views) parsed += parser.parse(line, record) ? 1 : 0;
    benchmark::DoNotOptimize(record);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * set.views.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * set.bytes));
  state.counters["parsed%"] = 100.0 * static_cast<double>(parsed) / set.views.size();
  // The generator writes ~0.1% malformed lines; far fewer parsing means a bug.
  if (parsed < set.views.size() * 99 / 100) state.SkipWithError("too few lines parsed");
}
BENCHMARK_CAPTURE(BM_Parse, combined, "combined", combinedLines);
BENCHMARK_CAPTURE(BM_Parse, nginx, "nginx", combinedLines);
BENCHMARK_CAPTURE(BM_Parse, common, "common", commonLines);
BENCHMARK_CAPTURE(BM_Parse, auto_on_combined, "auto", combinedLines);
BENCHMARK_CAPTURE(BM_Parse, auto_on_common, "auto", commonLines);
BENCHMARK_CAPTURE(BM_Parse, logformat_with_D, kFormatWithD, durationLines);
// The same lines, the last field an nginx variable kept as a named field.
BENCHMARK_CAPTURE(BM_Parse, nginx_with_extra, kNginxWithExtra, durationLines);
BENCHMARK_CAPTURE(BM_Parse, json, "json", jsonLines);
BENCHMARK_CAPTURE(BM_Parse, auto_on_json, "auto", jsonLines);

// LogRecord::time(): the %t text to epoch seconds, on already parsed records.
void BM_RecordTime(benchmark::State& state) {
  std::vector<LogRecord> records;
  LineParser parser("combined");
  for (auto line : combinedLines().views) {
    LogRecord r;
    if (parser.parse(line, r)) records.push_back(r);
  }
  std::int64_t sum = 0;
  for (auto _ : state) {
    for (const auto& r : records) {
      const auto t = r.time();
      sum += t ? t->epochSeconds : 0;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_RecordTime);

}  // namespace

BENCHMARK_MAIN();
