// libFuzzer target: the AWS access-log parsers (alb, elb, s3). The first byte
// picks the format; each following line is read. Checks beyond "no crash":
// - a read with a FieldMask gives the same kind as a full read,
// - a record's numbers are in their ranges, its text fields are views into
//   the line (or the one static "/" a URL without a path becomes), and it
//   carries one extra per named field.

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

#include "tests/fuzz/fuzzInput.hpp"
#include "tests/fuzz/presetChecks.hpp"
#include "workers/parse/AlbFormat.hpp"
#include "workers/parse/ElbFormat.hpp"
#include "workers/parse/S3Format.hpp"

using namespace logmill::workers;

namespace {

std::unique_ptr<LineFormat> make(std::uint8_t selector) {
  switch (selector % 3) {
    case 0:
      return std::make_unique<AlbFormat>();
    case 1:
      return std::make_unique<ElbFormat>();
    default:
      return std::make_unique<S3Format>();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  logmill::fuzz::FuzzInput in(data, size);
  const std::uint8_t selector = in.byte();
  const auto full = make(selector);
  const auto masked = make(selector);
  const FieldMask mask(static_cast<std::uint16_t>(in.byte() << 8 | in.byte()));
  while (!in.empty()) {
    const std::string_view line = in.line();
    logmill::fuzz::readBoth(*full, *masked, line, mask, /*ownsText=*/false);
  }
  return 0;
}
