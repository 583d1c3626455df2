#include "engine/output/groupTable.hpp"

#include <algorithm>
#include <charconv>
#include <memory>
#include <utility>

#include "workers/query/GroupKey.hpp"

namespace logmill::engine {
namespace {

using workers::Field;

// A group to sort: its packed key, its count, and a 16-byte prefix of its
// first field that orders like the field (bytewise: the first 16 bytes, big
// end first, zero-padded; numeric: the value). Most comparisons of millions
// of distinct keys end at the prefix and a short key is copied out of it, so
// neither touches the key bytes scattered over the groups table.
struct Row {
  std::uint64_t high;
  std::uint64_t low;
  std::string_view key;
  std::uint64_t count;
};

constexpr std::size_t kLengthBytes = 4;  // GroupKey's length prefix of each field

std::int64_t numericValue(std::string_view s) {
  std::int64_t v = -1;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

/// The next field of a packed key (all of it for one field), removed from
/// `key`; clamped to the key's bytes, so a corrupt key never reads out of
/// bounds (splitGroupKey reports it when the rows are built).
std::string_view takeField(std::string_view& key, std::size_t fieldCount) {
  if (fieldCount == 1) return std::exchange(key, {});
  if (key.size() < kLengthBytes) return std::exchange(key, {});
  std::uint32_t n = 0;
  for (std::size_t b = kLengthBytes; b-- > 0;) n = (n << 8) | static_cast<unsigned char>(key[b]);
  key.remove_prefix(kLengthBytes);
  const std::string_view field = key.substr(0, n);
  key.remove_prefix(field.size());
  return field;
}

std::uint64_t bigEndian(std::string_view bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    v = (v << 8) | (i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0u);
  }
  return v;
}

Row sortRow(std::string_view key, std::uint64_t count, const std::vector<Field>& fields) {
  if (fields.empty()) return {0, 0, key, count};
  std::string_view rest = key;
  const std::string_view first = takeField(rest, fields.size());
  if (workers::isNumericField(fields.front())) {
    // Two's complement with the sign bit flipped orders like the signed value.
    return {static_cast<std::uint64_t>(numericValue(first)) ^ (std::uint64_t{1} << 63), 0, key,
            count};
  }
  return {bigEndian(first), bigEndian(first.substr(std::min<std::size_t>(8, first.size()))), key,
          count};
}

int compareKeys(std::string_view a, std::string_view b, const std::vector<Field>& fields) {
  for (Field field : fields) {
    const std::string_view x = takeField(a, fields.size()), y = takeField(b, fields.size());
    if (workers::isNumericField(field)) {
      const auto u = numericValue(x), v = numericValue(y);
      if (u != v) return u < v ? -1 : 1;
    }
    if (const int c = x.compare(y); c != 0) return c;
  }
  return 0;
}

bool keyLess(const Row& a, const Row& b, const std::vector<Field>& fields) {
  if (a.high != b.high) return a.high < b.high;
  if (a.low != b.low) return a.low < b.low;
  return compareKeys(a.key, b.key, fields) < 0;
}

/// True when the groups already iterate in the output's order: kept in
/// bytewise key order (merged from sorted partials) and keyed by one text
/// field, whose order is bytewise.
bool inKeyOrder(const workers::Partial& result, const std::vector<Field>& fields) {
  return result.groups().sortedByKey() &&
         (fields.empty() || (fields.size() == 1 && !workers::isNumericField(fields.front())));
}

/// The `n` largest groups, largest first, ties by key: a heap of the best
/// n seen so far (its top the worst of them), so millions of groups never
/// become millions of rows.
std::vector<Row> topRows(std::uint64_t n, const workers::Partial& result,
                         const std::vector<Field>& fields) {
  const auto byCount = [&](const Row& a, const Row& b) {
    if (a.count != b.count) return a.count > b.count;
    return keyLess(a, b, fields);
  };
  std::vector<Row> heap;
  if (n == 0) return heap;
  heap.reserve(std::min<std::uint64_t>(n, result.groups().size()));
  for (const auto& [key, count] : result.groups()) {
    const Row row = sortRow(key, count, fields);
    if (heap.size() < n) {
      heap.push_back(row);
      std::push_heap(heap.begin(), heap.end(), byCount);
    } else if (byCount(row, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), byCount);
      heap.back() = row;
      std::push_heap(heap.begin(), heap.end(), byCount);
    }
  }
  std::sort_heap(heap.begin(), heap.end(), byCount);
  return heap;
}

std::vector<Row> collectRows(const workers::Query& query, const workers::Partial& result,
                             const std::vector<Field>& fields) {
  if (query.command == workers::Command::Top) return topRows(query.topN, result, fields);
  std::vector<Row> rows;
  rows.reserve(result.groups().size());
  for (const auto& [key, n] : result.groups()) {
    rows.push_back(sortRow(key, n, fields));
  }
  if (!inKeyOrder(result, fields)) {
    std::sort(rows.begin(), rows.end(),
              [&](const Row& a, const Row& b) { return keyLess(a, b, fields); });
  }
  return rows;
}

TableCell keyCell(Field field, std::string_view value) {
  if (!workers::isNumericField(field)) return {std::string(value), TableCell::Kind::Text};
  return {std::string(value), value == "-" ? TableCell::Kind::Null : TableCell::Kind::Number};
}

/// The cell of a one-field row; a text key of up to 16 bytes comes from the
/// row's prefix, which holds all of it.
TableCell soleKeyCell(Field field, const Row& row) {
  if (workers::isNumericField(field) || row.key.size() > 16) return keyCell(field, row.key);
  char bytes[16];
  for (std::size_t i = 0; i < 8; ++i) {
    bytes[i] = static_cast<char>(row.high >> (56 - 8 * i));
    bytes[8 + i] = static_cast<char>(row.low >> (56 - 8 * i));
  }
  return {std::string(bytes, row.key.size()), TableCell::Kind::Text};
}

}  // namespace

namespace {

void fillCells(const Row& row, const std::vector<Field>& fields, bool robots,
               std::vector<TableCell>& cells) {
  cells.clear();
  if (fields.size() == 1) {
    cells.push_back(soleKeyCell(fields.front(), row));
  } else if (!fields.empty()) {
    const std::vector<std::string_view> keys = workers::splitGroupKey(row.key, fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i) cells.push_back(keyCell(fields[i], keys[i]));
  }
  if (!robots) cells.push_back({std::to_string(row.count), TableCell::Kind::Number});
}

/// The table without its rows, and the sorted rows that make them.
Table headedTable(const workers::Query& query, const std::vector<Field>& fields,
                  std::vector<Row>& rows) {
  const bool robots = query.command == workers::Command::Robots;
  if (fields.empty() && rows.empty()) rows.push_back({0, 0, {}, 0});  // a total of nothing is 0
  Table table;
  for (Field f : fields) table.header.emplace_back(workers::fieldName(f));
  if (!robots) table.header.emplace_back("count");
  table.keyColumns = fields.size();
  table.list = robots || fields.empty();
  return table;
}

std::vector<Field> keyFields(const workers::Query& query) {
  return query.command == workers::Command::Robots ? std::vector<Field>{Field::Host} : query.by;
}

/// The cells of a one-field row from its key and count, reusing the cells'
/// strings (no sort prefix: rows in key order are never sorted).
void fillSoleKeyRow(Field field, std::string_view key, std::uint64_t count, bool robots,
                    std::vector<TableCell>& cells) {
  cells.resize(robots ? 1 : 2);
  cells[0].text.assign(key);
  cells[0].kind = !workers::isNumericField(field) ? TableCell::Kind::Text
                  : key == "-"                    ? TableCell::Kind::Null
                                                  : TableCell::Kind::Number;
  if (robots) return;
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, count).ptr;
  cells[1].text.assign(digits, end);
  cells[1].kind = TableCell::Kind::Number;
}

/// The rows straight from groups already in the output's order: no row
/// array (40 bytes a group) is built and none is sorted.
Table tableInKeyOrder(const workers::Query& query, const workers::Partial& result,
                      std::shared_ptr<std::vector<Field>> fields) {
  std::vector<Row> none;
  Table table = headedTable(query, *fields, none);
  const bool robots = query.command == workers::Command::Robots;
  const workers::Partial::Groups& groups = result.groups();
  table.generatedRows = groups.size();
  table.generate = [fields, &groups, robots](std::size_t i, std::vector<TableCell>& cells) {
    const auto& [key, count] = groups.begin()[static_cast<std::ptrdiff_t>(i)];
    fillSoleKeyRow(fields->front(), key, count, robots, cells);
  };
  return table;
}

}  // namespace

Table groupTable(const workers::Query& query, const workers::Partial& result) {
  std::vector<Field> fields = keyFields(query);
  std::vector<Row> rows = collectRows(query, result, fields);
  Table table = headedTable(query, fields, rows);
  const bool robots = query.command == workers::Command::Robots;
  table.rows.resize(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) fillCells(rows[i], fields, robots, table.rows[i]);
  return table;
}

Table groupTableOnDemand(const workers::Query& query, const workers::Partial& result) {
  auto fields = std::make_shared<std::vector<Field>>(keyFields(query));
  if (query.command != workers::Command::Top && fields->size() == 1 &&
      inKeyOrder(result, *fields)) {
    return tableInKeyOrder(query, result, fields);
  }
  auto rows = std::make_shared<std::vector<Row>>(collectRows(query, result, *fields));
  Table table = headedTable(query, *fields, *rows);
  const bool robots = query.command == workers::Command::Robots;
  table.generatedRows = rows->size();
  table.generate = [fields, rows, robots](std::size_t i, std::vector<TableCell>& cells) {
    fillCells((*rows)[i], *fields, robots, cells);
  };
  return table;
}

}  // namespace logmill::engine
