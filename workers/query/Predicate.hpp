#pragma once
// A compiled --where expression, e.g. `status >= 500 and path ~ "^/api/"`.

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "workers/parse/LogRecord.hpp"

namespace logmill::workers {

/// A bad expression. what() shows the expression with a caret under the
/// problem, e.g.
///   invalid --where: unknown field 'stauts'
///     stauts >= 500
///     ^
class ExpressionError : public std::invalid_argument {
 public:
  ExpressionError(const std::string& message, std::size_t column)
      : std::invalid_argument(message), m_column(column) {}
  [[nodiscard]] std::size_t column() const { return m_column; }

 private:
  std::size_t m_column;
};

class Predicate {
 public:
  /// An empty expression matches everything. Throws ExpressionError.
  explicit Predicate(std::string_view expression);
  ~Predicate();
  Predicate(Predicate&&) noexcept;
  Predicate& operator=(Predicate&&) noexcept;

  [[nodiscard]] bool matches(const LogRecord& record) const;
  [[nodiscard]] bool matchesAll() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace logmill::workers
