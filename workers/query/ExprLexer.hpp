#pragma once
// Tokens of the --where language (private to Predicate).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace logmill::workers::expr {

enum class TokenKind {
  Identifier,  ///< field names and the keywords and/or/not/in/true/false
  String,      ///< "..." or '...'; text holds the unescaped value
  Number,      ///< decimal integer, optionally negative; text holds its digits
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  Match,
  NotMatch,
  AndOp,
  OrOp,
  NotOp,  ///< && || ! (synonyms of and, or, not)
  LParen,
  RParen,
  Comma,
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;        ///< identifier, number digits or unescaped string value
  std::size_t column = 0;  ///< byte offset of the token's first character
  std::size_t length = 0;  ///< bytes of source the token spans
};

/// Splits an expression into tokens, ending with one End token. Throws
/// ExpressionError for an unterminated string, a malformed number or a
/// character that starts no token.
[[nodiscard]] std::vector<Token> tokenize(std::string_view expression);

/// How a token reads in an error message: `'>='`, `"abc"` (as written), `end of expression`.
[[nodiscard]] std::string describe(const Token& token, std::string_view expression);

/// Throws ExpressionError(message, expression, column).
[[noreturn]] void fail(std::string_view message, std::string_view expression, std::size_t column);

}  // namespace logmill::workers::expr
