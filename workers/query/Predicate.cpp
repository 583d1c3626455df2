#include "workers/query/Predicate.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "workers/parse/NamedField.hpp"
#include "workers/query/ExprFieldAccess.hpp"
#include "workers/query/ExprParser.hpp"

// Semantics of absent values (documented for users in the --where help):
// - status or bytes `-` (-1): no number equals or orders against it, so only
//   `!=` and `not in` match it (`bytes != 0` includes `-`, `bytes >= 0` does not).
// - time, date, hour, weekday when %t does not parse: nothing matches, not
//   even `!=`, `not in` or `!~` (a record with no time is in no time range);
//   `not (...)` around such a comparison does match.
// Regexes search the field's printed text (`time` as 2015-05-17T10:05:03+0000,
// `bytes` `-` as "-", `ext` lower-cased).

namespace logmill::workers {
namespace {

using expr::CompareOp;
using expr::Node;
using expr::NodeKind;

template <typename T>
bool compare(const T& value, CompareOp op, const T& literal) {
  switch (op) {
    case CompareOp::Eq:
      return value == literal;
    case CompareOp::Ne:
      return value != literal;
    case CompareOp::Lt:
      return value < literal;
    case CompareOp::Le:
      return value <= literal;
    case CompareOp::Gt:
      return value > literal;
    case CompareOp::Ge:
      return value >= literal;
  }
  return false;
}

bool evalText(const Node& node, const LogRecord& record) {
  expr::TextBuffer buffer;
  const auto value = expr::fieldText(record, node.field, buffer);
  if (!value) return false;
  switch (node.kind) {
    case NodeKind::TextCompare:
      return compare(*value, node.op, std::string_view(node.text));
    case NodeKind::TextIn:
      return (std::find(node.texts.begin(), node.texts.end(), *value) != node.texts.end()) !=
             node.negated;
    default:
      if (node.plainSearch) {
        return (value->find(node.text) != std::string_view::npos) != node.negated;
      }
      return RE2::PartialMatch(*value, *node.regex) != node.negated;
  }
}

bool evalNumber(const Node& node, const LogRecord& record) {
  const auto value = expr::fieldNumber(record, node.field);
  if (!value) {
    // `-` status or bytes differs from every number; a missing time is in no
    // range; a named field a line lacks (or that is no number) compares as nothing.
    if (expr::isTimeDerived(node.field) || isNamedField(node.field)) return false;
    return node.kind == NodeKind::NumberIn ? node.negated : node.op == CompareOp::Ne;
  }
  if (node.kind == NodeKind::NumberCompare) return compare(*value, node.op, node.number);
  return (std::find(node.numbers.begin(), node.numbers.end(), *value) != node.numbers.end()) !=
         node.negated;
}

bool eval(const expr::Program& program, std::int32_t index, const LogRecord& record) {
  const Node& node = program.nodes[static_cast<std::size_t>(index)];
  switch (node.kind) {
    case NodeKind::And:
      return eval(program, node.lhs, record) && eval(program, node.rhs, record);
    case NodeKind::Or:
      return eval(program, node.lhs, record) || eval(program, node.rhs, record);
    case NodeKind::Not:
      return !eval(program, node.lhs, record);
    case NodeKind::NumberCompare:
    case NodeKind::NumberIn:
      return evalNumber(node, record);
    default:
      return evalText(node, record);
  }
}

}  // namespace

struct Predicate::Impl {
  expr::Program program;
};

Predicate::Predicate(std::string_view expression, const FieldScope* scope)
    : m_impl(std::make_unique<Impl>(Impl{expr::compile(expression, scope)})) {}
Predicate::~Predicate() = default;
Predicate::Predicate(Predicate&&) noexcept = default;
Predicate& Predicate::operator=(Predicate&&) noexcept = default;

bool Predicate::matches(const LogRecord& record) const {
  return m_impl->program.root < 0 || eval(m_impl->program, m_impl->program.root, record);
}

bool Predicate::matchesAll() const {
  return m_impl->program.root < 0;
}

std::vector<Field> Predicate::fields() const {
  std::vector<Field> out;
  for (const expr::Node& node : m_impl->program.nodes) {
    const bool readsField = node.kind != expr::NodeKind::And && node.kind != expr::NodeKind::Or &&
                            node.kind != expr::NodeKind::Not;
    if (readsField) out.push_back(node.field);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

FieldMask Predicate::fieldMask() const {
  return fieldMaskFor(fields());
}

}  // namespace logmill::workers
