#pragma once
// One log format as the line parser sees it: something that turns a line into
// a LogRecord. Apache/nginx LogFormat programs, JSON, AWS and W3C layouts all
// implement it, so LineParser (fixed format or auto-detection) and everything
// above it never care which format a line was in.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "workers/parse/Field.hpp"
#include "workers/parse/FieldMask.hpp"
#include "workers/parse/LogRecord.hpp"

namespace logmill::workers {

/// What a line turned out to be.
enum class LineKind : unsigned char {
  Record,     ///< a log record: `out` is filled
  Malformed,  ///< not a record in this format
  Directive,  ///< a format's own header or comment (W3C `#Fields:`): neither
};

class LineFormat {
 public:
  virtual ~LineFormat() = default;

  /// Reads `line` (no terminator, no trailing '\r') into `out`, which the
  /// caller has reset to LogRecord{}. Fills at least the fields in `needed`
  /// (validity never depends on it). Views in `out` point into `line` or into
  /// storage this object owns (valid until the next call). Never throws.
  /// A format may keep state between lines (W3C's `#Fields:` layout); a
  /// LineParser, and so its formats, is made afresh for each file.
  [[nodiscard]] virtual LineKind read(std::string_view line, LogRecord& out,
                                      FieldMask needed) noexcept = 0;

  /// The preset's name (`combined`, `json`, `alb`...) or the format string.
  [[nodiscard]] virtual const std::string& name() const = 0;

  /// The names of this format's own fields beyond the common ones, in the
  /// order of LogRecord::extras (`x_edge_location`, `upstream_response_time`).
  /// A record this format filled with FieldMask::kExtras asked for has
  /// `extraCount` equal to their number (without it, a format may leave
  /// them out); an absent value is an empty view.
  [[nodiscard]] virtual std::span<const std::string> extraFieldNames() const { return {}; }

  /// What made this file unreadable in this format as a whole, after its
  /// lines were read (a W3C log without `#Fields:`); empty if nothing did.
  [[nodiscard]] virtual std::string_view fileProblem() const { return {}; }

  /// True when a line of this format may have a field `name` beyond the
  /// common ones: one of extraFieldNames() unless the format's fields are
  /// open-ended (any JSON key, W3C columns named by the file).
  [[nodiscard]] virtual bool mayHaveField(std::string_view name) const {
    for (const std::string& extra : extraFieldNames()) {
      if (extra == name) return true;
    }
    return false;
  }

  /// The common field this format's own name for it stands for (an nginx
  /// format's `remote_addr` is host); nullopt when `name` is no such alias.
  [[nodiscard]] virtual std::optional<Field> commonFieldFor(std::string_view name) const {
    (void)name;
    return std::nullopt;
  }

  /// Asks a format with open-ended fields to read these too: afterwards they
  /// are among extraFieldNames(). Formats with a fixed layout ignore it.
  virtual void addFieldNames(std::span<const std::string> names) { (void)names; }
};

}  // namespace logmill::workers
