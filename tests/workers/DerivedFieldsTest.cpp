#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <string_view>

#include "workers/parse/derivedFields.hpp"

namespace logmill::workers {
namespace {

TEST(FileExtension, LastSegmentWithoutQuery) {
  EXPECT_EQ(fileExtension("/style.css"), "css");
  EXPECT_EQ(fileExtension("/js/app.min.js?v=3.1"), "js");
  EXPECT_EQ(fileExtension("/archive.tar.gz"), "gz");
  EXPECT_EQ(fileExtension("/index.php#top"), "php");
  EXPECT_EQ(fileExtension("/app.jsp;jsessionid=ABC.def"), "jsp");
  EXPECT_EQ(fileExtension("/search?q=a.png"), "");  // the query is not the path
  EXPECT_EQ(fileExtension("/v1.2/users"), "");      // a dot in a directory is not one
  EXPECT_EQ(fileExtension("/"), "");
  EXPECT_EQ(fileExtension(""), "");
  EXPECT_EQ(fileExtension("/README"), "");
  EXPECT_EQ(fileExtension("/trailing."), "");
  EXPECT_EQ(fileExtension("/.env"), "");  // a dot-file has a name, not an extension
  EXPECT_EQ(fileExtension("/x.averyveryverylongext"), "");
  EXPECT_EQ(fileExtension("/a.p%68p"), "");
  EXPECT_EQ(fileExtension("http://example.com"), "");  // proxy request: a host, not a file
  EXPECT_EQ(fileExtension("http://example.com/a/b.html"), "html");
}

TEST(FileExtension, KeepsThePathsCaseAndPointsIntoIt) {
  const std::string_view path = "/IMG/Logo.PNG";
  const std::string_view ext = fileExtension(path);
  EXPECT_EQ(ext, "PNG");
  EXPECT_EQ(ext.data(), path.data() + 10);
}

TEST(IsStaticPath, GoAccessListCaseInsensitiveIgnoringQuery) {
  for (const char* path :
       {"/a.css", "/a.js",        "/a.png",    "/a.JPG",      "/a.jpeg",
        "/a.gif", "/favicon.ico", "/a.svg",    "/f.woff",     "/f.woff2",
        "/f.ttf", "/f.eot",       "/a.js.map", "/robots.txt", "/doc.pdf",
        "/a.zip", "/a.tar.gz",    "/v.mp4",    "/i.webp",     "/i.bmp",
        "/a.swf", "/a.flv",       "/a.mp3",    "/a.css?v=2",  "/img/x.PnG#frag"}) {
    EXPECT_TRUE(isStaticPath(path)) << path;
  }
  for (const char* path : {"/", "/index.html", "/index.php", "/api/users", "/search?f=a.css",
                           "/css/", "/.css", "/a.cssx", "/feed.xml"}) {
    EXPECT_FALSE(isStaticPath(path)) << path;
  }
}

struct AgentCase {
  const char* agent;
  const char* browser;
  const char* os;
};

// The first 17 are from tests/data/elastic-apache-combined-2015.log.
const AgentCase kAgents[] = {
    {"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/32.0.1700.107 Safari/537.36",
     "Chrome", "Windows"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/33.0.1750.91 Safari/537.36",
     "Chrome", "macOS"},
    {"UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/", "Feeds", "Unknown"},
    {"Mozilla/5.0 (Windows NT 6.1; WOW64; rv:27.0) Gecko/20100101 Firefox/27.0", "Firefox",
     "Windows"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like "
     "Gecko) Version/6.0 Mobile/10A5376e Safari/8536.25 (compatible; Googlebot/2.1; "
     "+http://www.google.com/bot.html)",
     "Crawlers", "iOS"},
    {"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:27.0) Gecko/20100101 Firefox/27.0", "Firefox",
     "Linux"},
    {"Tiny Tiny RSS/1.11 (http://tt-rss.org/)", "Feeds", "Unknown"},
    {"-", "Unknown", "Unknown"},
    {"Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
     "Crawlers", "Unknown"},
    {"msnbot/2.0b (+http://search.msn.com/msnbot.htm)", "Crawlers", "Unknown"},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu "
     "Chromium/32.0.1700.102 Chrome/32.0.1700.102 Safari/537.36",
     "Chrome", "Linux"},
    {"Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; WOW64; Trident/5.0)", "MSIE", "Windows"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.73.11 (KHTML, like Gecko) "
     "Version/7.0.1 Safari/537.73.11",
     "Safari", "macOS"},
    {"Mozilla/5.0 (iPad; CPU OS 7_0_4 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like Gecko) "
     "Version/7.0 Mobile/11B554a Safari/9537.53",
     "Safari", "iOS"},
    {"Chef Client/10.18.2 (ruby-1.9.3-p327; ohai-6.16.0; x86_64-linux; +http://opscode.com)",
     "Others", "Linux"},
    {"Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
     "Crawlers", "Unknown"},
    {"Mozilla/5.0 (Windows; U; Windows NT 5.2; en-US; rv:1.8.1.4) Gecko/20070515 Firefox/2.0.0.4",
     "Firefox", "Windows"},
    // Newer agents, for the families the 2015 log lacks.
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
     "Edge", "Windows"},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0",
     "Opera", "Windows"},
    {"Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko", "MSIE", "Windows"},
    {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Mobile Safari/537.36",
     "Chrome", "Android"},
    {"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36",
     "Chrome", "ChromeOS"},
    {"Mozilla/5.0 (X11; FreeBSD amd64; rv:109.0) Gecko/20100101 Firefox/115.0", "Firefox", "BSD"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
     "Chrome", "iOS"},
    {"curl/7.68.0", "Others", "Unknown"},
    {"python-requests/2.31.0", "Others", "Unknown"},  // GoAccess's row, before "python"
    {"Python-urllib/3.11", "Crawlers", "Unknown"},
    {"Go-http-client/1.1", "Others", "Unknown"},
    {"", "Unknown", "Unknown"},
};

TEST(UserAgents, BrowserAndOsFamilies) {
  for (const AgentCase& c : kAgents) {
    EXPECT_EQ(browserFamily(c.agent), c.browser) << c.agent;
    EXPECT_EQ(osFamily(c.agent), c.os) << c.agent;
  }
}

TEST(UserAgents, RepeatedLookupsAgree) {
  // The per-thread cache must never hand one agent's family to another.
  for (int round = 0; round < 3; ++round) {
    for (const AgentCase& c : kAgents) {
      ASSERT_EQ(browserFamily(c.agent), c.browser) << c.agent;
      ASSERT_EQ(osFamily(c.agent), c.os) << c.agent;
    }
  }
  const std::string longAgent = std::string(2000, 'x') + " Firefox/1.0 (Windows NT 6.1)";
  EXPECT_EQ(browserFamily(longAgent), "Firefox");
  EXPECT_EQ(osFamily(longAgent), "Windows");
}

TEST(UserAgents, FamilyListsCoverEveryResult) {
  const auto browsers = browserFamilies();
  const auto systems = osFamilies();
  ASSERT_FALSE(browsers.empty());
  EXPECT_EQ(browsers.back(), "Unknown");
  EXPECT_EQ(systems.back(), "Unknown");
  for (const AgentCase& c : kAgents) {
    EXPECT_NE(std::find(browsers.begin(), browsers.end(), c.browser), browsers.end()) << c.browser;
    EXPECT_NE(std::find(systems.begin(), systems.end(), c.os), systems.end()) << c.os;
  }
  // Each family once.
  for (auto list : {browsers, systems}) {
    for (auto it = list.begin(); it != list.end(); ++it) {
      EXPECT_EQ(std::count(list.begin(), list.end(), *it), 1) << *it;
    }
  }
}

// Every agent of the real 10,000-line log, through both classifiers.
TEST(UserAgents, RealLogClassifiesSensibly) {
  std::ifstream in(std::string(LOGMILL_TEST_DATA) + "/elastic-apache-combined-2015.log");
  ASSERT_TRUE(in) << "cannot open the fixture";
  std::map<std::string, int, std::less<>> browsers;
  std::string line;
  int agents = 0;
  while (std::getline(in, line)) {
    // combined: the agent is the last quoted field
    if (line.size() < 2 || line.back() != '"') continue;
    const std::size_t open = line.rfind('"', line.size() - 2);
    if (open == std::string::npos) continue;
    const std::string_view agent = std::string_view(line).substr(open + 1, line.size() - open - 2);
    ++agents;
    const std::string_view browser = browserFamily(agent);
    ++browsers[std::string(browser)];
    if (agent.find("Googlebot") != std::string_view::npos) {
      EXPECT_EQ(browser, "Crawlers") << agent;
    }
    if (agent.find("Windows NT") != std::string_view::npos) {
      EXPECT_EQ(osFamily(agent), "Windows") << agent;
    }
    const auto all = browserFamilies();
    EXPECT_NE(std::find(all.begin(), all.end(), browser), all.end()) << agent;
  }
  EXPECT_GT(agents, 9900);
  // The log's own mix (today: Chrome 3173, Firefox 2732, Crawlers 1598, Feeds
  // 878, MSIE 583, Safari 449, Unknown 276): bounds loose enough to survive
  // table tweaks, tight enough to catch a rule that swallows a family.
  EXPECT_GT(browsers["Chrome"], 2500);
  EXPECT_GT(browsers["Crawlers"], 1500);
  EXPECT_GT(browsers["Firefox"], 1500);
  EXPECT_GT(browsers["Feeds"], 500);
  EXPECT_GT(browsers["MSIE"], 300);
  EXPECT_GT(browsers["Safari"], 300);
  EXPECT_LT(browsers["Unknown"], 500);
}

}  // namespace
}  // namespace logmill::workers
