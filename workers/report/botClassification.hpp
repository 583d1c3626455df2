#pragma once
// Whether reports classify bots: the user agent's declared-bot lookup and
// the "Humans and bots" panel. Always on for users; off only to measure
// what the classification costs (bench/bots-overhead.sh), with the very
// same build: set $LOGMILL_REPORT_NO_BOTS (non-empty) in the environment,
// which worker processes inherit, or call setReportClassifiesBots. With it
// off the panel stays empty.

namespace logmill::workers {

/// Inherited through the environment by worker processes.
inline constexpr const char* kReportNoBotsEnv = "LOGMILL_REPORT_NO_BOTS";

/// For reports created from now on: true unless $LOGMILL_REPORT_NO_BOTS was
/// set non-empty when first asked, or setReportClassifiesBots(false).
[[nodiscard]] bool reportClassifiesBots() noexcept;
void setReportClassifiesBots(bool on) noexcept;

}  // namespace logmill::workers
