// libFuzzer target: the HAProxy httplog parser; each line of the input is
// read. Checks beyond "no crash": see presetChecks.hpp (the accept date is
// rewritten into the format's own buffer, so time is not a view).

#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzzInput.hpp"
#include "tests/fuzz/presetChecks.hpp"
#include "workers/parse/HaproxyFormat.hpp"

using namespace logmill::workers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  logmill::fuzz::FuzzInput in(data, size);
  HaproxyFormat full;
  HaproxyFormat masked;
  const FieldMask mask(static_cast<std::uint16_t>(in.byte() << 8 | in.byte()));
  while (!in.empty()) {
    const std::string_view line = in.line();
    logmill::fuzz::readBoth(full, masked, line, mask, /*ownsText=*/true);
  }
  return 0;
}
