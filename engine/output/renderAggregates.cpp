#include "engine/output/renderAggregates.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>

#include "engine/output/textEscape.hpp"
#include "workers/query/AggregateMapper.hpp"
#include "workers/query/AggregatePlan.hpp"

namespace logmill::engine {
namespace {

using workers::AggregateValue;
using workers::Field;

struct Row {
  std::vector<std::string_view> keys;
  std::vector<AggregateValue> values;
};

/// A key column: a --by field, or nullopt for the bucket (ISO text, which
/// sorts in time order bytewise).
using KeyColumn = std::optional<Field>;

int compareKeys(const Row& a, const Row& b, const std::vector<KeyColumn>& columns) {
  const auto number = [](std::string_view s) {
    std::int64_t v = -1;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
  };
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] && workers::isNumericField(*columns[i])) {
      const auto x = number(a.keys[i]), y = number(b.keys[i]);
      if (x != y) return x < y ? -1 : 1;
    }
    if (const int c = a.keys[i].compare(b.keys[i]); c != 0) return c;
  }
  return 0;
}

std::vector<Row> collectRows(const workers::Query& query, const workers::AggregatePlan& plan,
                             const workers::AggregateTable& table,
                             const std::vector<KeyColumn>& columns) {
  const auto valuesOf = [&](const workers::AggregateRow& row) {
    std::vector<AggregateValue> values;
    for (std::size_t i = 0; i < plan.columns().size(); ++i) values.push_back(plan.value(row, i));
    return values;
  };
  if (!table.empty() && table.slots() != plan.slots()) {
    throw std::runtime_error("the aggregate result does not match the query's --agg");
  }
  std::vector<Row> rows;
  rows.reserve(table.rows().size());
  for (const auto& [key, row] : table.rows()) {
    rows.push_back({workers::splitAggregateKey(key, query.bucketSeconds != 0, query.by.size()),
                    valuesOf(row)});
  }
  if (rows.empty() && columns.empty()) {  // a total over nothing: count 0, no values
    workers::AggregateTable empty(plan.slots());
    rows.push_back({{}, valuesOf(empty.row({}))});
  }
  const auto byKey = [&](const Row& a, const Row& b) { return compareKeys(a, b, columns) < 0; };
  if (query.command != workers::Command::Top) {
    std::sort(rows.begin(), rows.end(), byKey);
    return rows;
  }
  const auto byFirstAggregate = [&](const Row& a, const Row& b) {
    if (const int c = compare(a.values.front(), b.values.front()); c != 0) return c > 0;
    return byKey(a, b);
  };
  const std::size_t n = std::min<std::uint64_t>(query.topN, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(),
                    byFirstAggregate);
  rows.resize(n);
  return rows;
}

std::string jsonKey(const KeyColumn& column, std::string_view value) {
  if (column && workers::isNumericField(*column)) return value == "-" ? "null" : std::string(value);
  return jsonString(value);
}

/// Every cell of every row as text: key cells, then aggregate cells.
std::vector<std::vector<std::string>> textCells(const std::vector<Row>& rows) {
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size());
  for (const Row& row : rows) {
    std::vector<std::string>& line = cells.emplace_back(row.keys.begin(), row.keys.end());
    for (const AggregateValue& v : row.values) line.push_back(v.toString());
  }
  return cells;
}

void writeDelimited(const std::vector<std::string>& header, const std::vector<Row>& rows, char sep,
                    bool withHeader, OutputSink& out) {
  const auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out.put(sep);
      out.write(sep == ',' ? csvQuote(cells[i]) : cells[i]);
    }
    out.put('\n');
  };
  if (withHeader) line(header);
  for (const auto& cells : textCells(rows)) line(cells);
}

/// Key columns left-aligned, aggregate columns right-aligned.
void writeTable(const std::vector<std::string>& header, std::size_t keyColumns,
                const std::vector<Row>& rows, OutputSink& out) {
  const auto cells = textCells(rows);
  std::vector<std::size_t> width(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const auto& line : cells) {
    for (std::size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
  }
  const auto line = [&](const std::vector<std::string>& row) {
    std::string s;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string pad(width[i] - row[i].size(), ' ');
      if (i) s += "  ";
      if (i >= keyColumns) s += pad;
      s += row[i];
      if (i < keyColumns && i + 1 != row.size()) s += pad;
    }
    out.write(s);
    out.put('\n');
  };
  line(header);
  for (const auto& row : cells) line(row);
}

void writeJson(const std::vector<std::string>& header, const std::vector<KeyColumn>& columns,
               const std::vector<Row>& rows, OutputSink& out) {
  for (const Row& row : rows) {
    std::string obj = "{";
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (i) obj += ',';
      obj += jsonString(header[i]) + ':';
      if (i < columns.size()) {
        obj += jsonKey(columns[i], row.keys[i]);
        continue;
      }
      const AggregateValue& v = row.values[i - columns.size()];
      obj += v.type == AggregateValue::Type::Null ? "null"
             : v.isNumber()                       ? v.toString()
                                                  : jsonString(v.toString());
    }
    out.write(obj + "}\n");
  }
}

}  // namespace

void renderAggregates(const workers::Query& query, const workers::Partial& result,
                      const RenderOptions& options, OutputSink& out) {
  const workers::AggregatePlan plan(query);
  std::vector<KeyColumn> columns;
  if (query.bucketSeconds != 0) columns.emplace_back(std::nullopt);
  for (Field f : query.by) columns.emplace_back(f);
  const std::vector<Row> rows = collectRows(query, plan, result.aggregates(), columns);

  std::vector<std::string> header = plan.keyNames();
  for (const workers::AggregateColumn& c : plan.columns())
    header.push_back(workers::aggregateName(c.spec));

  switch (options.format) {
    case OutputFormat::Tsv:
      writeDelimited(header, rows, '\t', options.header, out);
      break;
    case OutputFormat::Csv:
      writeDelimited(header, rows, ',', true, out);
      break;
    case OutputFormat::Table:
      writeTable(header, columns.size(), rows, out);
      break;
    case OutputFormat::Json:
      writeJson(header, columns, rows, out);
      break;
  }
}

}  // namespace logmill::engine
