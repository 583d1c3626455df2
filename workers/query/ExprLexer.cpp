#include "workers/query/ExprLexer.hpp"

#include "workers/query/ExpressionError.hpp"

namespace logmill::workers::expr {
namespace {

bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isIdentChar(char c) {
  return isIdentStart(c) || isDigit(c);
}
bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : m_text(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      while (m_pos < m_text.size() && isSpace(m_text[m_pos])) ++m_pos;
      if (m_pos == m_text.size()) break;
      tokens.push_back(next());
    }
    tokens.push_back(Token{TokenKind::End, {}, m_text.size(), 0});
    return tokens;
  }

 private:
  Token next() {
    const char c = m_text[m_pos];
    if (isIdentStart(c)) return identifier();
    if (isDigit(c) || (c == '-' && m_pos + 1 < m_text.size() && isDigit(m_text[m_pos + 1]))) {
      return number();
    }
    if (c == '"' || c == '\'') return string();
    return punctuation();
  }

  Token identifier() {
    const std::size_t start = m_pos;
    while (m_pos < m_text.size() && isIdentChar(m_text[m_pos])) ++m_pos;
    return make(TokenKind::Identifier, start, std::string(m_text.substr(start, m_pos - start)));
  }

  Token number() {
    const std::size_t start = m_pos;
    if (m_text[m_pos] == '-') ++m_pos;
    while (m_pos < m_text.size() && isDigit(m_text[m_pos])) ++m_pos;
    // One decimal point (`duration > 0.5`); the parser says which fields take it.
    std::size_t decimals = m_pos;
    if (decimals + 1 < m_text.size() && m_text[decimals] == '.' && isDigit(m_text[decimals + 1])) {
      for (++decimals; decimals < m_text.size() && isDigit(m_text[decimals]);) ++decimals;
      if (decimals == m_text.size() ||
          (!isIdentChar(m_text[decimals]) && m_text[decimals] != '.')) {
        m_pos = decimals;
      }
    }
    if (m_pos < m_text.size() && (isIdentChar(m_text[m_pos]) || m_text[m_pos] == '.')) {
      std::size_t end = m_pos;
      while (end < m_text.size() && (isIdentChar(m_text[end]) || m_text[end] == '.')) ++end;
      const std::string_view word = m_text.substr(start, end - start);
      std::string message = "invalid number '" + std::string(word) + "' (numbers are integers";
      if (word.size() == 3 && (word[1] == 'x' || word[1] == 'X')) {
        message += "; for a status class write status_class == \"" + std::string(word) + "\"";
      } else {
        message += "; quote text: \"" + std::string(word) + "\"";
      }
      fail(message + ")", m_text, start);
    }
    return make(TokenKind::Number, start, std::string(m_text.substr(start, m_pos - start)));
  }

  // Backslash escapes \" \' \\ \n \t are decoded; any other backslash is kept
  // as written, so regexes read naturally: "\.php$" means the regex \.php$.
  Token string() {
    const std::size_t start = m_pos;
    const char quote = m_text[m_pos++];
    std::string value;
    while (m_pos < m_text.size() && m_text[m_pos] != quote) {
      char c = m_text[m_pos++];
      if (c == '\\' && m_pos < m_text.size()) {
        const char e = m_text[m_pos];
        if (e == '"' || e == '\'' || e == '\\') {
          c = e;
          ++m_pos;
        } else if (e == 'n' || e == 't') {
          c = e == 'n' ? '\n' : '\t';
          ++m_pos;
        }
      }
      value += c;
    }
    if (m_pos == m_text.size()) {
      fail(std::string("unterminated string (no closing ") + quote + ")", m_text, start);
    }
    ++m_pos;  // closing quote
    return make(TokenKind::String, start, std::move(value));
  }

  Token punctuation() {
    const std::size_t start = m_pos;
    const char c = m_text[m_pos];
    const char d = m_pos + 1 < m_text.size() ? m_text[m_pos + 1] : '\0';
    auto two = [&](TokenKind kind) {
      m_pos += 2;
      return make(kind, start, {});
    };
    auto one = [&](TokenKind kind) {
      m_pos += 1;
      return make(kind, start, {});
    };
    switch (c) {
      case '=':
        return d == '=' ? two(TokenKind::Eq) : one(TokenKind::Eq);
      case '!':
        if (d == '=') return two(TokenKind::Ne);
        if (d == '~') return two(TokenKind::NotMatch);
        return one(TokenKind::NotOp);
      case '<':
        return d == '=' ? two(TokenKind::Le) : one(TokenKind::Lt);
      case '>':
        return d == '=' ? two(TokenKind::Ge) : one(TokenKind::Gt);
      case '~':
        return one(TokenKind::Match);
      case '(':
        return one(TokenKind::LParen);
      case ')':
        return one(TokenKind::RParen);
      case ',':
        return one(TokenKind::Comma);
      case '&':
        if (d == '&') return two(TokenKind::AndOp);
        break;
      case '|':
        if (d == '|') return two(TokenKind::OrOp);
        break;
      default:
        break;
    }
    fail("unexpected character '" + std::string(1, c) + "'", m_text, start);
  }

  Token make(TokenKind kind, std::size_t start, std::string text) const {
    return Token{kind, std::move(text), start, m_pos - start};
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view expression) {
  return Lexer(expression).run();
}

std::string describe(const Token& token, std::string_view expression) {
  if (token.kind == TokenKind::End) return "end of expression";
  const std::string_view source = expression.substr(token.column, token.length);
  // A string literal already carries its quotes.
  if (token.kind == TokenKind::String) return std::string(source);
  return "'" + std::string(source) + "'";
}

void fail(std::string_view message, std::string_view expression, std::size_t column) {
  throw ExpressionError(std::string(message), expression, column);
}

}  // namespace logmill::workers::expr
