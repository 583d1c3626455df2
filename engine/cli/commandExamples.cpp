#include "engine/cli/commandExamples.hpp"

#include <map>

namespace logmill::engine {
namespace {

// Each example is a `$ ` line (help2man sets those in the man page's fixed
// font) after a `#` line that says what it answers.
const std::map<std::string_view, std::string_view> kExamples = {
    {"robots", R"(  # hosts that fetched /robots.txt, from every file under logs/
  $ logmill robots logs/
  # how many, with a run summary (files, bytes, lines) on stderr
  $ logmill robots --stats logs/ | wc -l
  # from a pipe
  $ zcat logs/*.gz | logmill robots -)"},
    {"count", R"(  # requests per status class
  $ logmill count --by status_class logs/
  # the hosts with the most server errors
  $ logmill count --by host --where 'status >= 500' logs/ | sort -t$'\t' -k2,2nr | head
  # hits, bytes and 95th-percentile size per hour, as CSV with a header
  $ logmill count --bucket 1h --agg 'count,sum(bytes),p95(bytes)' --format csv logs/)"},
    {"top", R"(  # the 10 most requested paths
  $ logmill top --by path -n 10 logs/
  # the paths most often not found
  $ logmill top --by path -n 3 --where 'status == 404' logs/
  # the 5 hosts that downloaded the most bytes, one JSON object per line
  $ logmill top --by host -n 5 --agg 'sum(bytes),count' --format json logs/)"},
    {"report", R"(  # the report as text
  $ logmill report -n 5 logs/
  # one self-contained HTML page
  $ logmill report --format html -o report.html logs/
  # the API's traffic only, as one JSON document
  $ logmill report --format json --where 'path ~ "^/api/"' logs/ > api.json)"},
    {"grep", R"(  # the server errors, in log order
  $ logmill grep --where 'status >= 500' logs/ | head
  # requests by self-declared bots, outside /static/
  $ logmill grep --where 'agent ~ "(?i)bot" and not path ~ "^/static/"' logs/ | wc -l
  # one hour of traffic (times are UTC unless a zone is given)
  $ logmill grep --where 'time >= "2023-11-02T10:00" and time < "2023-11-02T11:00"' logs/ | wc -l)"},
    {"merge", R"(  # one partial per share of the logs (on each machine), then one answer
  $ logmill count --by path --emit-partial part-1.lmp logs/
  $ logmill merge count --by path part-*.lmp
  # the same for top: the query is spelled as for the direct run
  $ logmill top --by host -n 5 --emit-partial top-1.lmp logs/
  $ logmill merge top --by host -n 5 top-*.lmp)"},
    {"merge robots", R"(  $ logmill robots --emit-partial robots-1.lmp logs/
  $ logmill merge robots robots-*.lmp)"},
    {"merge count", R"(  $ logmill count --by status --emit-partial status-1.lmp logs/
  $ logmill merge count --by status status-*.lmp)"},
    {"merge top", R"(  $ logmill top --by path -n 3 --emit-partial paths-1.lmp logs/
  $ logmill merge top --by path -n 3 paths-*.lmp)"},
    {"merge report", R"(  $ logmill report --emit-partial report-1.lmp logs/
  $ logmill merge report --format html -o merged.html report-*.lmp)"},
    {"index", R"(  # index the big gzip files once, so later runs split each across all workers
  $ logmill index logs/
  # verify the cached indexes (exit 1 naming any stale or damaged one)
  $ logmill index --check logs/)"},
    {"gen", R"(  # 8 gzip files of 25,000 lines each (~35 MB of text) and their answer key
  $ logmill gen sample --files 8 --lines 25000 --seed 1
  # a small set, quick to write
  $ logmill gen tiny --files 2 --lines 1000 --gzip-level 1
  # the same requests as AWS load balancer logs (or elb, s3, cloudfront, w3c, haproxy, json)
  $ logmill gen alb-logs --files 2 --lines 1000 --log-format alb
  # crawler-heavy: another 10% of lines are crawlers fetching /robots.txt
  $ logmill gen crawled --files 2 --lines 1000 --robots-percent 10)"},
    {"bench", R"(  # serial, thread and process pools with 1 and 2 workers, and the baselines
  $ logmill bench --runs 9 -j 1,2 logs/
  # the report query, logmill only, rows as JSON and a chart
  $ logmill bench --query report --no-baselines --json bench.json --svg bench.svg logs/
  # also DuckDB, lnav and Miller where installed (scripts/install-peers.sh)
  $ logmill bench --peers --query top-path-bytes --runs 3 -j 2 logs/)"},
};

}  // namespace

std::string commandExamples(std::string_view commandPath) {
  const auto it = kExamples.find(commandPath);
  return it == kExamples.end() ? std::string() : "Examples:\n" + std::string(it->second);
}

}  // namespace logmill::engine
