#include <gtest/gtest.h>

#include <string_view>

#include "workers/report/ReportVisitors.hpp"

namespace logmill::workers {
namespace {

// A format without an agent (common, a W3C log without cs(User-Agent))
// leaves a null view; hashing it is defined (UBSan checks) and equals "".
TEST(ReportVisitorHash, AnAbsentFieldHashesAsEmpty) {
  EXPECT_EQ(reportVisitorHash("192.0.2.1", 20000, std::string_view()),
            reportVisitorHash("192.0.2.1", 20000, ""));
  EXPECT_EQ(reportVisitorHash(std::string_view(), 20000, "a"), reportVisitorHash("", 20000, "a"));
  EXPECT_NE(reportVisitorHash("192.0.2.1", 20000, ""), reportVisitorHash("192.0.2.1", 20000, "a"));
}

// Visitor hashes are on disk (the exact visitor sets of report partials and
// stores): a store written before must go on merging with new runs, so the
// function's values never change. Pinned from the code as first written.
TEST(ReportVisitorHash, ValuesStayAsStoredOnDisk) {
  EXPECT_EQ(reportVisitorHash("66.249.73.135", 20422,
                              "Mozilla/5.0 (compatible; Googlebot/2.1; "
                              "+http://www.google.com/bot.html)"),
            17635091044297624614u);
}

}  // namespace
}  // namespace logmill::workers
