#include "engine/output/groupTable.hpp"

#include <algorithm>
#include <charconv>

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
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(),
                      byCount);
    rows.resize(n);
  } else {
    std::sort(rows.begin(), rows.end(),
              [&](const Row& a, const Row& b) { return compareKeys(a, b, fields) < 0; });
  }
  return rows;
}

TableCell keyCell(Field field, std::string_view value) {
  if (!workers::isNumericField(field)) return {std::string(value), TableCell::Kind::Text};
  return {std::string(value), value == "-" ? TableCell::Kind::Null : TableCell::Kind::Number};
}

}  // namespace

Table groupTable(const workers::Query& query, const workers::Partial& result) {
  const bool robots = query.command == workers::Command::Robots;
  const std::vector<Field> fields = robots ? std::vector<Field>{Field::Host} : query.by;
  std::vector<Row> rows = collectRows(query, result, fields);
  if (fields.empty() && rows.empty()) rows.push_back({{}, 0});  // a total of nothing is 0

  Table table;
  for (Field f : fields) table.header.emplace_back(workers::fieldName(f));
  if (!robots) table.header.emplace_back("count");
  table.keyColumns = fields.size();
  table.list = robots || fields.empty();
  table.rows.reserve(rows.size());
  for (const Row& row : rows) {
    std::vector<TableCell>& cells = table.rows.emplace_back();
    for (std::size_t i = 0; i < fields.size(); ++i)
      cells.push_back(keyCell(fields[i], row.keys[i]));
    if (!robots) cells.push_back({std::to_string(row.count), TableCell::Kind::Number});
  }
  return table;
}

}  // namespace logmill::engine
