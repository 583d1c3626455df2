#pragma once
// Writes one generated request in a log format other than Apache combined
// (the generator writes combined itself, byte for byte as before), so the
// same requests exist in every format and one answer key holds for all.

#include <cstdint>
#include <string>
#include <string_view>

#include "datasets/LogStyle.hpp"

namespace logmill::datasets {

/// One request as the generator drew it.
struct StyledRecord {
  std::string_view host;
  std::string_view user;      ///< `-` when none
  std::string_view method;    ///< empty: the request is one opaque word
  std::string_view path;      ///< the request target, query string included
  std::string_view protocol;  ///< empty: HTTP/0.9 style
  int status = 200;
  std::int64_t bytes = -1;  ///< -1: no body
  std::string_view referrerSite;
  std::string_view referrer;  ///< `-` when none
  std::string_view agent;     ///< `-` when none
  std::int64_t localSeconds = 0;
  std::int32_t offsetMinutes = 0;  ///< of the file's time zone
  std::uint64_t serial = 0;        ///< the record's index in its file: varies ports, timings
};

/// The lines a file in `style` starts with (W3C's `#Version:` and `#Fields:`);
/// nothing for the others.
void appendStyledHeader(LogStyle style, std::string& out);

/// Appends `record` as one line (with its newline) in `style`, which is not
/// LogStyle::Combined.
void appendStyledRecord(LogStyle style, const StyledRecord& record, std::string& out);

}  // namespace logmill::datasets
