#pragma once
// A compiled --where expression, e.g. `status >= 500 and path ~ "^/api/"`.

#include <memory>
#include <string>
#include <string_view>

#include "workers/parse/LogRecord.hpp"
#include "workers/query/ExpressionError.hpp"

namespace logmill::workers {

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
