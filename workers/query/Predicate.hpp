#pragma once
// A compiled --where expression, e.g. `status >= 500 and path ~ "^/api/"`.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "workers/parse/Field.hpp"
#include "workers/parse/FieldMask.hpp"
#include "workers/parse/FieldScope.hpp"
#include "workers/parse/LogRecord.hpp"
#include "workers/query/ExpressionError.hpp"

namespace logmill::workers {

class Predicate {
 public:
  /// An empty expression matches everything. Field names beyond the common
  /// ones are those `scope` knows (a format's own). Throws ExpressionError.
  explicit Predicate(std::string_view expression, const FieldScope* scope = nullptr);
  ~Predicate();
  Predicate(Predicate&&) noexcept;
  Predicate& operator=(Predicate&&) noexcept;

  [[nodiscard]] bool matches(const LogRecord& record) const;
  [[nodiscard]] bool matchesAll() const;
  /// The fields the expression reads, each once, in Field order (empty
  /// when it matches everything).
  [[nodiscard]] std::vector<Field> fields() const;
  /// The record members those fields are computed from: a record parsed
  /// with this mask evaluates exactly as one parsed in full.
  [[nodiscard]] FieldMask fieldMask() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace logmill::workers
