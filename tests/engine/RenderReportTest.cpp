#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/output/renderReport.hpp"
#include "tests/TempDir.hpp"
#include "tests/engine/outputCapture.hpp"
#include "workers/parse/LineParser.hpp"

namespace logmill::engine {
namespace {

// A hostile log: markup in the path, referrer and agent, an ANSI escape and
// bytes that are not UTF-8.
const std::vector<std::string> kLines = {
    "10.0.0.1 - - [01/Nov/2023:10:00:00 +0000] \"GET /<script>alert(1)</script> HTTP/1.1\" 404 "
    "12 \"http://evil.example/\\\"><img src=x onerror=alert(2)>\x1b[31m\" \"<b>Bot</b>\"",
    "10.0.0.2 - - [01/Nov/2023:11:00:00 +0000] \"GET /caf\xe9 HTTP/1.1\" 200 100 \"-\" "
    "\"Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36\"",
    "10.0.0.2 - - [02/Nov/2023:11:30:00 +0000] \"GET /app.css HTTP/1.1\" 200 50 "
    "\"https://www.example.com/page\" \"Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36\"",
    "this line is not a log line",
};

workers::Partial hostilePartial() {
  workers::Partial p;
  workers::LineParser parser("combined");
  workers::LogRecord record;
  p.stats().lines = kLines.size();
  for (const std::string& line : kLines) {
    if (parser.parse(line, record)) {
      p.report().add(record);
      ++p.stats().parsed;
      ++p.stats().matched;
    } else {
      ++p.stats().malformed;
    }
  }
  return p;
}

std::string render(const workers::Partial& p, ReportFormat format, std::uint64_t topN = 10) {
  return testing::captureOutput([&](OutputSink& sink) {
    renderReport(p, topN, {format, ""}, sink);
  });
}

TEST(RenderReport, JsonParsesWithEveryPanelAndTheLogTextIntact) {
  const auto doc = nlohmann::ordered_json::parse(render(hostilePartial(), ReportFormat::Json));
  const auto& g = doc.at("general");
  EXPECT_EQ(g.at("total_requests"), 4);
  EXPECT_EQ(g.at("valid_requests"), 3);
  EXPECT_EQ(g.at("failed_requests"), 1);
  EXPECT_EQ(g.at("unique_visitors"), 2);  // the 404 is no visitor; 10.0.0.2 on two days
  EXPECT_EQ(g.at("bandwidth"), 162);
  EXPECT_EQ(g.at("unique_not_found"), 1);
  EXPECT_EQ(g.at("static_files"), 1);
  EXPECT_EQ(g.at("first_request"), "2023-11-01T10:00:00+0000");
  // GoAccess's panels, then ours (no line has a duration: no response_times)
  const std::vector<std::string> ids = {
      "general",         "visitors",     "requests", "static_requests", "not_found",
      "hosts",           "os",           "browsers", "visit_time",      "referrers",
      "referring_sites", "status_codes", "bots",     "declared_bots",   "suspected_hosts"};
  std::vector<std::string> keys;
  for (const auto& item : doc.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, ids);
  const auto& notFound = doc.at("not_found").at("rows").at(0);
  EXPECT_EQ(notFound.at("data"), "/<script>alert(1)</script>");
  EXPECT_EQ(notFound.at("method"), "GET");
  EXPECT_EQ(notFound.at("hits"), 1);
  EXPECT_EQ(notFound.at("visitors"), 0);
  // Not UTF-8 in, U+FFFD out: the document still parses.
  EXPECT_EQ(doc.at("requests").at("rows").at(0).at("data"), "/caf\xef\xbf\xbd");
  const auto& status = doc.at("status_codes").at("rows");
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status.at(0).at("data"), "2xx Success");
  EXPECT_EQ(status.at(0).at("items").at(0).at("data"), "200");
  EXPECT_EQ(status.at(0).at("visitors"), 2);
  EXPECT_EQ(doc.at("referring_sites").at("rows").size(), 2u);
}

TEST(RenderReport, HtmlEscapesEverythingFromTheLog) {
  const std::string html = render(hostilePartial(), ReportFormat::Html);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(html.ends_with("</html>\n"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_NE(html.find("/&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("\\&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\\x1b[31m"),
            std::string::npos);
  // Self-contained: nothing to fetch, nothing to run.
  for (const char* fetches : {"<link", "<iframe", "<object", " href=", "url(", "@import"}) {
    EXPECT_EQ(html.find(fetches), std::string::npos) << fetches;
  }
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Requests per day"), std::string::npos);
  EXPECT_NE(html.find("Requests per hour"), std::string::npos);
  EXPECT_NE(html.find("Status mix"), std::string::npos);
}

TEST(RenderReport, TextShowsControlBytesAndCutsToTopN) {
  const std::string text = render(hostilePartial(), ReportFormat::Text, 1);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("\\\"><img src=x onerror=alert(2)>\\x1b[31m"), std::string::npos);
  EXPECT_NE(text.find("General statistics\n  Total requests    4\n"), std::string::npos);
  EXPECT_NE(text.find("Visitor hostnames and IPs (top 1 of 2)"), std::string::npos);
  EXPECT_NE(text.find("  200 - OK"), std::string::npos);
}

TEST(RenderReport, EmptyReportRendersInEveryFormat) {
  workers::Partial empty;
  const nlohmann::json doc = nlohmann::json::parse(render(empty, ReportFormat::Json));
  EXPECT_EQ(doc.at("general").at("total_requests"), 0);
  EXPECT_EQ(doc.at("general").at("first_request"), "");
  EXPECT_TRUE(doc.at("hosts").at("rows").empty());
  EXPECT_NE(render(empty, ReportFormat::Text).find("(none)"), std::string::npos);
  EXPECT_NE(render(empty, ReportFormat::Html).find("no requests"), std::string::npos);
}

TEST(RenderReport, OutputFileIsWrittenAndAnErrorNamesIt) {
  logmill::testing::TempDir dir;
  const std::string path = dir.file("report.html");
  OutputSink unused(1);
  renderReport(hostilePartial(), 10, {ReportFormat::Html, path}, unused);
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), render(hostilePartial(), ReportFormat::Html));
  const std::string bad = dir.file("no/such/dir/report.html");
  try {
    renderReport(hostilePartial(), 10, {ReportFormat::Json, bad}, unused);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write '" + bad + "': No such file or directory");
  }
}

}  // namespace
}  // namespace logmill::engine
