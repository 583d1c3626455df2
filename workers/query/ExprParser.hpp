#pragma once
// Compiles a --where expression into a small tree that Predicate evaluates
// (private to Predicate).
//
// Grammar (EBNF; keywords are case-insensitive):
//   expression = [ or ] ;                       (* empty: matches everything *)
//   or         = and { ( "or" | "||" ) and } ;
//   and        = unary { ( "and" | "&&" ) unary } ;
//   unary      = ( "not" | "!" ) unary | primary ;
//   primary    = "(" or ")" | condition ;
//   condition  = field compare value
//              | field ( "~" | "!~" ) string    (* RE2, partial match *)
//              | field [ "not" ] "in" "(" value { "," value } [ "," ] ")"
//              | "is_static" ;                  (* same as is_static == true *)
//   compare    = "==" | "=" | "!=" | "<" | "<=" | ">" | ">=" ;
//   value      = string | integer | "true" | "false" ;
//   string     = '"' chars '"' | "'" chars "'" ;  (* \" \' \\ \n \t; other \x kept *)
//   integer    = [ "-" ] digit { digit } ;

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "workers/parse/Field.hpp"
#include "workers/parse/FieldScope.hpp"

namespace re2 {
class RE2;
}

namespace logmill::workers::expr {

enum class NodeKind : std::uint8_t {
  And,
  Or,
  Not,
  TextCompare,    ///< field op text
  TextIn,         ///< field [not] in (texts...)
  NumberCompare,  ///< field op number (status, bytes, hour; time as UTC seconds)
  NumberIn,       ///< field [not] in (numbers...)
  Regex,          ///< field ~ regex / field !~ regex
};

enum class CompareOp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

struct Node {
  NodeKind kind = NodeKind::And;
  CompareOp op = CompareOp::Eq;
  /// `not in`, `!~`: the result is inverted, except for absent values.
  bool negated = false;
  Field field = Field::Host;
  std::int32_t lhs = -1;  ///< And/Or: left operand; Not: the operand
  std::int32_t rhs = -1;
  std::int64_t number = 0;
  std::string text;
  std::vector<std::int64_t> numbers;
  std::vector<std::string> texts;
  std::unique_ptr<re2::RE2> regex;
  /// Regex: the pattern has no metacharacters, so a substring search of
  /// `text` gives the same answer several times faster.
  bool plainSearch = false;

  Node();
  ~Node();
  Node(Node&&) noexcept;
  Node& operator=(Node&&) noexcept;
};

struct Program {
  std::vector<Node> nodes;
  std::int32_t root = -1;  ///< -1: the expression is empty and matches everything
};

/// Parses and type-checks `expression`; field names beyond the common ones
/// are those `scope` knows (none without one). Throws ExpressionError.
[[nodiscard]] Program compile(std::string_view expression, const FieldScope* scope = nullptr);

}  // namespace logmill::workers::expr
