#include "workers/query/ExpressionError.hpp"

namespace logmill::workers {
namespace {

std::string format(std::string_view subject, std::string_view reason, std::string_view expression,
                   std::size_t column) {
  std::string out = "invalid ";
  out += subject;
  out += ": ";
  out += reason;
  out += "\n  ";
  // Line breaks and tabs would push the caret off its column.
  for (const char c : expression) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  out += "\n  ";
  // One space per character, not per byte, so the caret stays under UTF-8 text.
  for (std::size_t i = 0; i < column && i < expression.size(); ++i) {
    if ((static_cast<unsigned char>(expression[i]) & 0xC0) != 0x80) out += ' ';
  }
  out += '^';
  return out;
}

}  // namespace

ExpressionError::ExpressionError(std::string reason, std::string_view expression,
                                 std::size_t column)
    : std::invalid_argument(format("expression", reason, expression, column)),
      m_reason(std::move(reason)),
      m_expression(expression),
      m_column(column) {}

std::string ExpressionError::explain(std::string_view subject) const {
  return format(subject, m_reason, m_expression, m_column);
}

}  // namespace logmill::workers
