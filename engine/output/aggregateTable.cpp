#include "engine/output/aggregateTable.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>

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

TableCell keyCell(const KeyColumn& column, std::string_view value) {
  if (!column || !workers::isNumericField(*column))
    return {std::string(value), TableCell::Kind::Text};
  return {std::string(value), value == "-" ? TableCell::Kind::Null : TableCell::Kind::Number};
}

TableCell valueCell(const AggregateValue& v) {
  const TableCell::Kind kind = v.type == AggregateValue::Type::Null ? TableCell::Kind::Null
                               : v.isNumber()                       ? TableCell::Kind::Number
                                                                    : TableCell::Kind::Text;
  return {v.toString(), kind};
}

}  // namespace

Table aggregateTable(const workers::Query& query, const workers::Partial& result) {
  const workers::AggregatePlan plan(query);
  std::vector<KeyColumn> columns;
  if (query.bucketSeconds != 0) columns.emplace_back(std::nullopt);
  for (Field f : query.by) columns.emplace_back(f);
  const std::vector<Row> rows = collectRows(query, plan, result.aggregates(), columns);

  Table table;
  table.header = plan.keyNames();
  for (const workers::AggregateColumn& c : plan.columns())
    table.header.push_back(workers::aggregateName(c.spec));
  table.keyColumns = columns.size();
  table.rows.reserve(rows.size());
  for (const Row& row : rows) {
    std::vector<TableCell>& cells = table.rows.emplace_back();
    for (std::size_t i = 0; i < columns.size(); ++i)
      cells.push_back(keyCell(columns[i], row.keys[i]));
    for (const AggregateValue& v : row.values) cells.push_back(valueCell(v));
  }
  return table;
}

}  // namespace logmill::engine
