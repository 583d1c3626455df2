#include "workers/parse/LineParser.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "workers/parse/NamedField.hpp"
#include "workers/parse/lineFormats.hpp"

namespace logmill::workers {

struct LineParser::Impl {
  std::vector<std::unique_ptr<LineFormat>> formats;  ///< tried in this order, after the last winner
  std::size_t lastGood = 0;                          ///< index of the format that parsed last
  bool anyGood = false;
  bool readsNamed = false;  ///< readNamedFields was given some: a branch, not a vector check
  // readNamedFields: the fields, and per format where each is in its extras.
  std::vector<Field> named;
  std::vector<std::vector<std::uint8_t>> slots;  ///< [format][k]: extras index or kAbsent
  std::vector<std::string_view> values;          ///< by namedFieldIndex: what records point at

  static constexpr std::uint8_t kAbsent = 0xff;

  void resolve(std::size_t format) {
    const std::span<const std::string> extras = formats[format]->extraFieldNames();
    std::vector<std::uint8_t>& into = slots[format];
    into.assign(named.size(), kAbsent);
    for (std::size_t k = 0; k < named.size(); ++k) {
      const std::string_view name = namedFieldName(named[k]);
      for (std::size_t i = 0; i < extras.size() && i < kAbsent; ++i) {
        if (extras[i] == name) {
          into[k] = static_cast<std::uint8_t>(i);
          break;
        }
      }
    }
  }

  void fillNamed(std::size_t format, LogRecord& out) {
    const std::vector<std::uint8_t>& from = slots[format];
    for (std::size_t k = 0; k < named.size(); ++k) {
      const std::uint8_t i = from[k];
      values[namedFieldIndex(named[k])] = i < out.extraCount ? out.extras[i] : std::string_view();
    }
    out.named = values.data();
    out.namedCount = static_cast<std::uint8_t>(values.size());
  }

  /// After `format` read a record or directive: the named fields.
  void afterRead(std::size_t format, LineKind kind, LogRecord& out) {
    if (kind == LineKind::Directive) resolve(format);
    if (kind == LineKind::Record) fillNamed(format, out);
  }
};

void LineParser::readNamedFields(std::span<const Field> fields) {
  Impl& impl = *m_impl;
  impl.named.clear();
  std::vector<std::string> names;
  std::size_t highest = 0;
  for (const Field field : fields) {
    if (!isNamedField(field)) continue;
    if (std::find(impl.named.begin(), impl.named.end(), field) != impl.named.end()) continue;
    impl.named.push_back(field);
    names.emplace_back(namedFieldName(field));
    highest = std::max(highest, namedFieldIndex(field) + 1);
  }
  impl.readsNamed = !impl.named.empty();
  impl.values.assign(highest, std::string_view());
  impl.slots.resize(impl.formats.size());
  for (std::size_t i = 0; i < impl.formats.size(); ++i) {
    if (!names.empty()) impl.formats[i]->addFieldNames(names);
    impl.resolve(i);
  }
}

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

namespace {

/// out = LogRecord{}, as 16-byte stores: GCC writes the assignment as a
/// `rep stos`, whose start-up cost was a third of this function per line.
[[gnu::always_inline]] inline void reset(LogRecord& out) {
  static constexpr LogRecord kEmpty{};
  static_assert(std::is_trivially_copyable_v<LogRecord> && sizeof(LogRecord) % 8 == 0);
  auto* to = reinterpret_cast<std::byte*>(&out);
  const auto* from = reinterpret_cast<const std::byte*>(&kEmpty);
  for (std::size_t at = 0; at < sizeof(LogRecord); at += 8) std::memcpy(to + at, from + at, 8);
}

}  // namespace

LineKind LineParser::read(std::string_view line, LogRecord& out, FieldMask needed) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  Impl& impl = *m_impl;
  if (impl.readsNamed) needed |= FieldMask::kExtras;
  reset(out);
  const LineKind first = impl.formats[impl.lastGood]->read(line, out, needed);
  if (first != LineKind::Malformed) {
    impl.anyGood = true;
    if (impl.readsNamed) impl.afterRead(impl.lastGood, first, out);
    return first;
  }
  // Files mix formats rarely, so the last winner nearly always wins at once.
  for (std::size_t i = 0; i < impl.formats.size(); ++i) {
    if (i == impl.lastGood) continue;
    reset(out);
    const LineKind kind = impl.formats[i]->read(line, out, needed);
    if (kind != LineKind::Malformed) {
      impl.lastGood = i;
      impl.anyGood = true;
      if (impl.readsNamed) impl.afterRead(i, kind, out);
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
