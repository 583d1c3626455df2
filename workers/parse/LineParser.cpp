#include "workers/parse/LineParser.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "workers/parse/lineFormats.hpp"

namespace logmill::workers {

struct LineParser::Impl {
  std::vector<std::unique_ptr<LineFormat>> formats;  ///< tried in this order, after the last winner
  std::size_t lastGood = 0;                          ///< index of the format that parsed last
  bool anyGood = false;
};

LineParser::LineParser(std::string_view spec) : m_impl(std::make_unique<Impl>()) {
  m_impl->formats = lineFormats(spec);
  m_impl->anyGood = m_impl->formats.size() == 1;  // a fixed format names itself
}

LineParser::~LineParser() = default;
LineParser::LineParser(LineParser&&) noexcept = default;
LineParser& LineParser::operator=(LineParser&&) noexcept = default;

bool LineParser::parse(std::string_view line, LogRecord& out) {
  return parse(line, out, FieldMask::all());
}

bool LineParser::parse(std::string_view line, LogRecord& out, FieldMask needed) {
  return read(line, out, needed) == LineKind::Record;
}

LineKind LineParser::read(std::string_view line, LogRecord& out, FieldMask needed) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  Impl& impl = *m_impl;
  out = LogRecord{};
  const LineKind first = impl.formats[impl.lastGood]->read(line, out, needed);
  if (first != LineKind::Malformed) {
    impl.anyGood = true;
    return first;
  }
  // Files mix formats rarely, so the last winner nearly always wins at once.
  for (std::size_t i = 0; i < impl.formats.size(); ++i) {
    if (i == impl.lastGood) continue;
    out = LogRecord{};
    const LineKind kind = impl.formats[i]->read(line, out, needed);
    if (kind != LineKind::Malformed) {
      impl.lastGood = i;
      impl.anyGood = true;
      return kind;
    }
  }
  return LineKind::Malformed;
}

const LineFormat* LineParser::currentFormat() const {
  return m_impl->anyGood ? m_impl->formats[m_impl->lastGood].get() : nullptr;
}

std::string_view LineParser::fileProblem() const {
  for (const auto& format : m_impl->formats) {
    if (const std::string_view problem = format->fileProblem(); !problem.empty()) return problem;
  }
  return {};
}

std::string_view LineParser::lastFormatName() const {
  // After a malformed line this still names the last format that matched;
  // in auto mode it is empty until some line has parsed.
  return m_impl->anyGood ? std::string_view(m_impl->formats[m_impl->lastGood]->name())
                         : std::string_view();
}

}  // namespace logmill::workers
