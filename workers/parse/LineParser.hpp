#pragma once
// Parses access-log lines in a given format: Apache common/combined, Nginx
// combined, an Apache LogFormat string, or auto (per line, trying known
// formats, the last one that worked first, so mixed files parse too).

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "workers/parse/Field.hpp"
#include "workers/parse/FieldMask.hpp"
#include "workers/parse/LineFormat.hpp"
#include "workers/parse/LogRecord.hpp"

namespace logmill::workers {

class LineParser {
 public:
  /// spec: "auto", "combined", "common", "nginx", "vhost_combined", "alb",
  /// "elb", "s3", "cloudfront", "w3c", "haproxy", an
  /// Apache LogFormat string such as `%h %l %u %t "%r" %>s %b`, or an nginx
  /// log_format string such as `$remote_addr [$time_local] "$request" $status`.
  /// Throws std::invalid_argument with a readable message for a bad spec.
  explicit LineParser(std::string_view spec);
  ~LineParser();
  LineParser(LineParser&&) noexcept;
  LineParser& operator=(LineParser&&) noexcept;

  /// Fills `out` (views into `line`) and returns true if `line` is a valid
  /// record in this format; false (a malformed line) otherwise. Never throws.
  /// `line` carries no line terminator (a trailing '\r' is tolerated).
  [[nodiscard]] bool parse(std::string_view line, LogRecord& out);
  /// The same, filling at least the members in `needed` (others may stay
  /// default: method, path and protocol are not split out of the request
  /// unless asked for). Validity, and so the malformed count, is the same.
  [[nodiscard]] bool parse(std::string_view line, LogRecord& out, FieldMask needed);

  /// The same, telling a record from a malformed line and from a format's
  /// directive (W3C `#Fields:`), which is neither and must not be counted as
  /// malformed.
  [[nodiscard]] LineKind read(std::string_view line, LogRecord& out, FieldMask needed);

  /// Fills LogRecord::named with these fields (those of `fields` that are
  /// named fields; others are ignored) on every record read from now on. Each
  /// name is looked up once per format (again after a directive, which may
  /// change a layout), not per line. Formats with open-ended fields (JSON)
  /// are asked to read them (LineFormat::addFieldNames).
  void readNamedFields(std::span<const Field> fields);

  /// The format that read the last record or directive (null before any):
  /// its extraFieldNames() name the last record's extras.
  [[nodiscard]] const LineFormat* currentFormat() const;

  /// A problem with the file as a whole found by reading its lines (a W3C
  /// log without `#Fields:`), for the caller to report as the file's error;
  /// empty if none.
  [[nodiscard]] std::string_view fileProblem() const;

  /// The name of the format that parsed the last line ("combined", ...).
  [[nodiscard]] std::string_view lastFormatName() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace logmill::workers
