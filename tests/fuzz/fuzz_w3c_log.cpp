// libFuzzer target: the W3C extended log parser (w3c, cloudfront), which
// keeps state between lines (`#Fields:`). The first byte picks the preset;
// the lines are read in order by two formats in lockstep. Checks beyond "no
// crash": see presetChecks.hpp (date + time, path + query and the request
// are joined in the format's own buffers).

#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzzInput.hpp"
#include "tests/fuzz/presetChecks.hpp"
#include "workers/parse/W3cFormat.hpp"

using namespace logmill::workers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  logmill::fuzz::FuzzInput in(data, size);
  const bool cloudFront = (in.byte() & 1) != 0;
  W3cFormat full = cloudFront ? W3cFormat::cloudFront() : W3cFormat::generic(true);
  W3cFormat masked = cloudFront ? W3cFormat::cloudFront() : W3cFormat::generic(true);
  const FieldMask mask(static_cast<std::uint16_t>(in.byte() << 8 | in.byte()));
  while (!in.empty()) {
    const std::string_view line = in.line();
    logmill::fuzz::readBoth(full, masked, line, mask, /*ownsText=*/true);
    LOGMILL_FUZZ_CHECK(full.extraFieldNames().size() <= W3cFormat::kMaxFields);
  }
  LOGMILL_FUZZ_CHECK(full.fileProblem() == masked.fileProblem());
  return 0;
}
