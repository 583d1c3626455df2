#include "engine/output/renderResult.hpp"

#include <algorithm>
#include <charconv>

#include "engine/output/renderAggregates.hpp"
#include "engine/output/textEscape.hpp"
#include "workers/query/GroupKey.hpp"

namespace logmill::engine {
namespace {

using workers::Field;

struct Row {
  std::vector<std::string_view> keys;
  std::uint64_t count;
};

std::int64_t numericValue(std::string_view s) {
  std::int64_t v = -1;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

int compareKeys(const Row& a, const Row& b, const std::vector<Field>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (workers::isNumericField(fields[i])) {
      const auto x = numericValue(a.keys[i]), y = numericValue(b.keys[i]);
      if (x != y) return x < y ? -1 : 1;
    }
    if (const int c = a.keys[i].compare(b.keys[i]); c != 0) return c;
  }
  return 0;
}

std::vector<Row> collectRows(const workers::Query& query, const workers::Partial& result,
                             const std::vector<Field>& fields) {
  std::vector<Row> rows;
  rows.reserve(result.groups().size());
  for (const auto& [key, n] : result.groups()) {
    rows.push_back({workers::splitGroupKey(key, fields.size()), n});
  }
  if (query.command == workers::Command::Top) {
    const auto byCount = [&](const Row& a, const Row& b) {
      if (a.count != b.count) return a.count > b.count;
      return compareKeys(a, b, fields) < 0;
    };
    const std::size_t n = std::min<std::uint64_t>(query.topN, rows.size());
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(), byCount);
    rows.resize(n);
  } else {
    std::sort(rows.begin(), rows.end(),
              [&](const Row& a, const Row& b) { return compareKeys(a, b, fields) < 0; });
  }
  return rows;
}

std::string jsonValue(Field field, std::string_view value) {
  if (workers::isNumericField(field)) {
    if (value == "-") return "null";
    return std::string(value);
  }
  return jsonString(value);
}

void writeDelimited(const std::vector<std::string>& header, const std::vector<Row>& rows,
                    bool withCount, char sep, bool withHeader, OutputSink& out) {
  const auto cell = [&](std::string_view s) { return sep == ',' ? csvQuote(s) : std::string(s); };
  if (withHeader) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (i) out.put(sep);
      out.write(header[i]);
    }
    out.put('\n');
  }
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < row.keys.size(); ++i) {
      if (i) out.put(sep);
      out.write(cell(row.keys[i]));
    }
    if (withCount) {
      if (!row.keys.empty()) out.put(sep);
      out.write(std::to_string(row.count));
    }
    out.put('\n');
  }
}

void writeTable(const std::vector<std::string>& header, const std::vector<Row>& rows,
                bool withCount, OutputSink& out) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < row.keys.size(); ++i) width[i] = std::max(width[i], row.keys[i].size());
    if (withCount) width.back() = std::max(width.back(), std::to_string(row.count).size());
  }
  const auto line = [&](const std::vector<std::string_view>& cells) {
    std::string s;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const bool rightAlign = withCount && i + 1 == cells.size();
      const std::string pad(width[i] - std::min(width[i], cells[i].size()), ' ');
      if (i) s += "  ";
      if (rightAlign) s += pad;
      s += cells[i];
      if (!rightAlign && i + 1 != cells.size()) s += pad;
    }
    out.write(s);
    out.put('\n');
  };
  line(std::vector<std::string_view>(header.begin(), header.end()));
  for (const Row& row : rows) {
    std::vector<std::string_view> cells = row.keys;
    const std::string count = std::to_string(row.count);
    if (withCount) cells.push_back(count);
    line(cells);
  }
}

}  // namespace

void renderResult(const workers::Query& query, const workers::Partial& result,
                  const RenderOptions& options, OutputSink& out) {
  if (query.command == workers::Command::Report) {
    renderReport(result, query.topN, options.report, out);
    return;
  }
  if (query.command != workers::Command::Robots && workers::usesAggregates(query)) {
    renderAggregates(query, result, options, out);
    return;
  }
  const bool robots = query.command == workers::Command::Robots;
  const std::vector<Field> fields = robots ? std::vector<Field>{Field::Host} : query.by;
  const bool withCount = !robots;
  std::vector<Row> rows = collectRows(query, result, fields);
  if (fields.empty() && rows.empty()) rows.push_back({{}, 0});  // a total of nothing is 0

  std::vector<std::string> header;
  for (Field f : fields) header.emplace_back(workers::fieldName(f));
  if (withCount) header.emplace_back("count");

  switch (options.format) {
    case OutputFormat::Tsv:
      writeDelimited(header, rows, withCount, '\t', options.header, out);
      break;
    case OutputFormat::Csv:
      writeDelimited(header, rows, withCount, ',', true, out);
      break;
    case OutputFormat::Table:
      if (robots || fields.empty()) {
        writeDelimited(header, rows, withCount, '\t', false, out);  // a bare list reads best
      } else {
        writeTable(header, rows, withCount, out);
      }
      break;
    case OutputFormat::Json:
      for (const Row& row : rows) {
        std::string obj = "{";
        for (std::size_t i = 0; i < fields.size(); ++i) {
          if (i) obj += ',';
          obj += '"' + header[i] + "\":" + jsonValue(fields[i], row.keys[i]);
        }
        if (withCount) obj += std::string(fields.empty() ? "" : ",") + "\"count\":" + std::to_string(row.count);
        out.write(obj + "}\n");
      }
      break;
  }
}

}  // namespace logmill::engine
