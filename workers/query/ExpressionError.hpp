#pragma once
// A bad filter expression, in the expression language's own terms.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace logmill::workers {

/// What is wrong with an expression and where. what() shows the expression
/// with a caret under the problem, e.g.
///   invalid expression: unknown field 'stauts'
///     stauts >= 500
///     ^
/// A caller that took the expression from a flag names it with explain().
class ExpressionError : public std::invalid_argument {
 public:
  ExpressionError(std::string reason, std::string_view expression, std::size_t column);

  /// What is wrong, without the expression: "unknown field 'stauts'".
  [[nodiscard]] const std::string& reason() const { return m_reason; }
  /// Byte offset in the expression of the problem.
  [[nodiscard]] std::size_t column() const { return m_column; }
  /// "invalid <subject>: <reason>", then the expression and a caret under
  /// column(), each on its own line (what() is explain("expression")).
  [[nodiscard]] std::string explain(std::string_view subject) const;

 private:
  std::string m_reason;
  std::string m_expression;
  std::size_t m_column;
};

}  // namespace logmill::workers
