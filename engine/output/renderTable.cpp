#include "engine/output/renderTable.hpp"

#include <algorithm>

#include "engine/output/textEscape.hpp"
#include "engine/output/writeRowsInParallel.hpp"

namespace logmill::engine {
namespace {

using Row = std::vector<TableCell>;

/// Whether `s` is a JSON number (-?digits, optional fraction and exponent):
/// a Number cell that is not one is written as a string, so a row is always
/// valid JSON whatever a log line held.
bool isJsonNumber(std::string_view s) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.' && (++i, !digits())) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

std::string jsonValue(const TableCell& cell) {
  switch (cell.kind) {
    case TableCell::Kind::Null:
      return "null";
    case TableCell::Kind::Number:
      if (isJsonNumber(cell.text)) return cell.text;
      if (cell.text == "-") return "null";
      break;
    case TableCell::Kind::Text:
      break;
  }
  return jsonString(cell.text);
}

std::string csvCell(const TableCell& cell, const TableStyle& style) {
  std::string text = cell.kind == TableCell::Kind::Text && !style.csvRaw
                         ? formulaNeutralized(cell.text)
                         : cell.text;
  if (style.terminal) text = controlEscaped(text);
  return csvQuote(text);
}

void writeDelimited(const Table& table, const TableStyle& style, char sep, bool withHeader,
                    OutputSink& out) {
  if (withHeader) {
    for (std::size_t i = 0; i < table.header.size(); ++i) {
      if (i) out.put(sep);
      out.write(sep == ',' ? csvQuote(table.header[i]) : tsvEscaped(table.header[i]));
    }
    out.put('\n');
  }
  writeRowsInParallel(table, style.threads, out, [&](const Row& row, auto& sink) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) sink.put(sep);
      if (sep == ',') {
        sink.write(csvCell(row[i], style));
      } else if (tsvEscapeNeeded(row[i].text, style.terminal)) {
        sink.write(tsvEscaped(row[i].text, style.terminal));
      } else {
        sink.write(row[i].text);
      }
    }
    sink.put('\n');
  });
}

/// Key columns left-aligned, figures right-aligned, two spaces between.
void writeAligned(const Table& table, OutputSink& out) {
  std::vector<std::vector<std::string>> lines;
  lines.reserve(table.rows.size() + table.generatedRows + 1);
  lines.push_back(table.header);
  table.forEachRow([&](const Row& row) {
    std::vector<std::string>& line = lines.emplace_back();
    for (const TableCell& cell : row) line.push_back(controlEscaped(cell.text));
  });
  std::vector<std::size_t> width(table.header.size(), 0);
  for (const auto& line : lines) {
    for (std::size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
  }
  for (const auto& line : lines) {
    std::string s;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const std::string pad(width[i] - line[i].size(), ' ');
      if (i) s += "  ";
      if (i >= table.keyColumns) s += pad;
      s += line[i];
      if (i < table.keyColumns && i + 1 != line.size()) s += pad;
    }
    out.write(s);
    out.put('\n');
  }
}

void writeList(const Table& table, unsigned threads, OutputSink& out) {
  writeRowsInParallel(table, threads, out, [&](const Row& row, auto& sink) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) sink.put('\t');
      sink.write(controlEscaped(row[i].text));
    }
    sink.put('\n');
  });
}

void writeJson(const Table& table, unsigned threads, OutputSink& out) {
  writeRowsInParallel(table, threads, out, [&](const Row& row, auto& sink) {
    std::string obj = "{";
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) obj += ',';
      obj += jsonString(table.header[i]) + ':' + jsonValue(row[i]);
    }
    sink.write(obj + "}\n");
  });
}

}  // namespace

void renderTable(const Table& table, const TableStyle& style, OutputSink& out) {
  switch (style.format) {
    case OutputFormat::Tsv:
      writeDelimited(table, style, '\t', style.header, out);
      break;
    case OutputFormat::Csv:
      writeDelimited(table, style, ',', true, out);
      break;
    case OutputFormat::Table:
      if (table.list) {
        writeList(table, style.threads, out);
      } else {
        writeAligned(table, out);
      }
      break;
    case OutputFormat::Json:
      writeJson(table, style.threads, out);
      break;
  }
}

}  // namespace logmill::engine
