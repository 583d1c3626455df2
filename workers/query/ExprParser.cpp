#include "workers/query/ExprParser.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>

#include "workers/parse/botFields.hpp"
#include "workers/parse/NamedField.hpp"
#include "workers/parse/derivedFields.hpp"
#include "workers/parse/fieldSyntax.hpp"
#include "workers/query/ExprFieldAccess.hpp"
#include "workers/query/ExprLexer.hpp"
#include "workers/query/ExprTime.hpp"

namespace logmill::workers::expr {

Node::Node() = default;
Node::~Node() = default;
Node::Node(Node&&) noexcept = default;
Node& Node::operator=(Node&&) noexcept = default;

namespace {

// Deeper nesting than this is a generated or broken expression; refusing it
// keeps the recursive parser and evaluator far from the stack limit.
constexpr int kMaxDepth = 200;

std::string lowerCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string joined(std::span<const std::string_view> names) {
  std::string out;
  for (const std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string allFieldNames() {
  std::string out;
  for (int i = 0; i < kFieldCount; ++i) {
    if (i > 0) out += ", ";
    out += fieldName(static_cast<Field>(i));
  }
  return out;
}

std::optional<std::int64_t> parseInteger(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

// True when RE2 would read `pattern` as itself: no metacharacter, no escape.
bool isPlainText(std::string_view pattern) {
  return !pattern.empty() && pattern.find_first_of("\\^$.|?*+()[]{}") == std::string_view::npos;
}

bool looksLikeStatusClass(std::string_view text) {
  return text.size() == 3 && text[0] >= '1' && text[0] <= '9' &&
         (text[1] == 'x' || text[1] == 'X') && (text[2] == 'x' || text[2] == 'X');
}

// For fields with a closed set of values, an equality against anything else
// can only be a typo that would silently match nothing.
std::optional<std::string> closedSetError(Field field, std::string_view value) {
  auto oneOf = [&](std::string_view what, std::span<const std::string_view> values) {
    if (std::find(values.begin(), values.end(), value) != values.end()) {
      return std::optional<std::string>();
    }
    return std::optional<std::string>("unknown " + std::string(what) + " " + quoted(value) + " (" +
                                      std::string(fieldName(field)) +
                                      " is one of: " + joined(values) + ")");
  };
  static constexpr std::string_view kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr std::string_view kBooleans[] = {"true", "false"};
  switch (field) {
    case Field::Browser:
      return oneOf("browser", browserFamilies());
    case Field::Os:
      return oneOf("os", osFamilies());
    case Field::Bot:
      return oneOf("bot class", botClassNames());
    case Field::Weekday:
      return oneOf("weekday", kWeekdays);
    case Field::IsStatic:
      return oneOf("value", kBooleans);
    case Field::Date:
      if (isIsoDate(value)) return std::nullopt;
      return "invalid date " + quoted(value) +
             " (dates are written YYYY-MM-DD, e.g. \"2015-05-17\")";
    case Field::StatusClass:
      if (value == "-" || looksLikeStatusClass(value)) return std::nullopt;
      return "invalid status class " + quoted(value) + " (write e.g. \"4xx\")";
    default:
      return std::nullopt;
  }
}

class Parser {
 public:
  Parser(std::string_view expression, const FieldScope* scope)
      : m_expr(expression), m_tokens(tokenize(expression)), m_scope(scope) {}

  Program run() {
    if (peek().kind != TokenKind::End) {
      m_program.root = parseOr(0);
      if (peek().kind != TokenKind::End) failTrailing();
    }
    return std::move(m_program);
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
  }
  const Token& take() {
    const Token& t = m_tokens[m_pos];
    if (m_pos + 1 < m_tokens.size()) ++m_pos;
    return t;
  }
  static bool isWord(const Token& t, std::string_view word) {
    return t.kind == TokenKind::Identifier && lowerCase(t.text) == word;
  }
  static bool isReserved(const Token& t) {
    return isWord(t, "and") || isWord(t, "or") || isWord(t, "not") || isWord(t, "in");
  }
  std::string show(const Token& t) const { return describe(t, m_expr); }
  [[noreturn]] void failAt(const Token& t, const std::string& message) const {
    fail(message, m_expr, t.column);
  }

  std::int32_t add(Node node) {
    m_program.nodes.push_back(std::move(node));
    return static_cast<std::int32_t>(m_program.nodes.size() - 1);
  }
  std::int32_t addJunction(NodeKind kind, std::int32_t lhs, std::int32_t rhs) {
    Node node;
    node.kind = kind;
    node.lhs = lhs;
    node.rhs = rhs;
    return add(std::move(node));
  }

  std::int32_t parseOr(int depth) {
    std::int32_t lhs = parseAnd(depth);
    while (isWord(peek(), "or") || peek().kind == TokenKind::OrOp) {
      take();
      lhs = addJunction(NodeKind::Or, lhs, parseAnd(depth));
    }
    return lhs;
  }

  std::int32_t parseAnd(int depth) {
    std::int32_t lhs = parseUnary(depth);
    while (isWord(peek(), "and") || peek().kind == TokenKind::AndOp) {
      take();
      lhs = addJunction(NodeKind::And, lhs, parseUnary(depth));
    }
    return lhs;
  }

  std::int32_t parseUnary(int depth) {
    if (depth > kMaxDepth) failAt(peek(), "expression nested too deeply");
    if (isWord(peek(), "not") || peek().kind == TokenKind::NotOp) {
      take();
      return addJunction(NodeKind::Not, parseUnary(depth + 1), -1);
    }
    return parsePrimary(depth);
  }

  std::int32_t parsePrimary(int depth) {
    if (peek().kind != TokenKind::LParen) return parseCondition();
    const Token& open = take();
    const std::int32_t inner = parseOr(depth + 1);
    if (peek().kind != TokenKind::RParen) {
      const std::string where = "the '(' at column " + std::to_string(open.column + 1);
      if (peek().kind == TokenKind::End) failAt(peek(), "missing ')' to close " + where);
      failAt(peek(), "expected 'and', 'or' or ')' to close " + where + ", found " + show(peek()));
    }
    take();
    return inner;
  }

  void failTrailing() const {
    const Token& t = peek();
    if (t.kind == TokenKind::RParen) failAt(t, "unmatched ')'");
    failAt(t, "unexpected " + show(t) + " after a complete condition (missing 'and' or 'or'?)");
  }

  Field parseField() {
    const Token& t = peek();
    if (t.kind != TokenKind::Identifier || isReserved(t)) {
      failAt(t, "expected a field name, found " + show(t));
    }
    auto field = fieldFromName(t.text);
    if (!field) field = fieldFromName(lowerCase(t.text));
    // A format's own names are case-sensitive (JSON keys: `ClientHost`).
    if (!field && m_scope) field = m_scope->find(t.text);
    if (!field) {
      const std::string own = m_scope ? m_scope->formatFieldNames() : std::string();
      failAt(t, "unknown field '" + t.text + "' (fields: " + allFieldNames() +
                    (own.empty() ? "" : "; this log format's own: " + own) + ")");
    }
    take();
    return *field;
  }

  std::int32_t parseCondition() {
    const Token& fieldToken = peek();
    const Field field = parseField();
    const Token& op = peek();
    switch (op.kind) {
      case TokenKind::Eq:
        take();
        return parseComparison(field, CompareOp::Eq, op);
      case TokenKind::Ne:
        take();
        return parseComparison(field, CompareOp::Ne, op);
      case TokenKind::Lt:
        take();
        return parseComparison(field, CompareOp::Lt, op);
      case TokenKind::Le:
        take();
        return parseComparison(field, CompareOp::Le, op);
      case TokenKind::Gt:
        take();
        return parseComparison(field, CompareOp::Gt, op);
      case TokenKind::Ge:
        take();
        return parseComparison(field, CompareOp::Ge, op);
      case TokenKind::Match:
        take();
        return parseRegex(field, false, op);
      case TokenKind::NotMatch:
        take();
        return parseRegex(field, true, op);
      default:
        break;
    }
    if (isWord(op, "in")) {
      take();
      return parseIn(field, false, op);
    }
    if (isWord(op, "not") && isWord(peek(1), "in")) {
      take();
      return parseIn(field, true, take());
    }
    if (field == Field::IsStatic) return textNode(field, CompareOp::Eq, "true");
    failAt(op, "expected an operator (== != < <= > >= ~ !~ in) after '" + fieldToken.text +
                   "', found " + show(op));
  }

  const Token& expectValue(const Token& after) {
    const Token& t = peek();
    if (t.kind == TokenKind::String || t.kind == TokenKind::Number || isWord(t, "true") ||
        isWord(t, "false")) {
      return take();
    }
    std::string message = "expected a value after " + show(after) + ", found " + show(t);
    if (t.kind == TokenKind::Identifier && !isReserved(t)) {
      message += " (quote text: " + quoted(t.text) + ")";
    }
    failAt(t, message);
  }

  std::int32_t textNode(Field field, CompareOp op, std::string text) {
    Node node;
    node.kind = NodeKind::TextCompare;
    node.field = field;
    node.op = op;
    node.text = std::move(text);
    return add(std::move(node));
  }

  std::int32_t parseComparison(Field field, CompareOp op, const Token& opToken) {
    const Token& value = expectValue(opToken);
    const bool equality = op == CompareOp::Eq || op == CompareOp::Ne;
    if (valueKind(field) == ValueKind::Text && !comparesAsNumber(field, value)) {
      return textNode(field, op, textValue(field, value, equality));
    }
    Node node;
    node.kind = NodeKind::NumberCompare;
    node.field = field;
    node.op = op;
    node.number = numberValue(field, value);
    return add(std::move(node));
  }

  // A named field has no type of its own: a number literal compares it as a
  // number (`upstream_response_time > 0.5`), a string as text.
  static bool comparesAsNumber(Field field, const Token& value) {
    return isNamedField(field) && value.kind == TokenKind::Number;
  }

  std::string textValue(Field field, const Token& value, bool equality) const {
    std::string text = value.kind == TokenKind::Identifier ? lowerCase(value.text) : value.text;
    if (field == Field::Ext) {
      // fileExtension has no dot; users often write one.
      text = lowerCase(text.starts_with('.') ? std::string_view(text).substr(1) : text);
    }
    if (equality) {
      if (auto error = closedSetError(field, text)) failAt(value, *error);
    }
    return text;
  }

  std::int64_t numberValue(Field field, const Token& value) const {
    const std::string name(fieldName(field));
    if (valueKind(field) == ValueKind::Time) {
      if (value.kind == TokenKind::String) {
        if (auto seconds = parseTimeLiteral(value.text)) return *seconds;
        failAt(value, "invalid time " + quoted(value.text) +
                          " (write e.g. \"2015-05-17\", \"2015-05-17T10:05\" or "
                          "\"2015-05-17T10:05:03+02:00\")");
      }
      failAt(value, "'" + name + "' compares with a quoted date and time such as " +
                        "\"2015-05-17T10:05:03Z\", not with " + show(value));
    }
    if (isNamedField(field)) {
      std::int64_t millionths = 0;
      if (value.kind == TokenKind::Number && parseNamedNumber(value.text, millionths)) {
        return millionths;
      }
      failAt(value, "'" + name +
                        "' compares as a number with numbers of at most six decimals, "
                        "not with " +
                        show(value));
    }
    if (field == Field::Duration && value.kind == TokenKind::Number) {
      std::int64_t micros = 0;
      if (syntax::parseDecimalSeconds(value.text, micros)) return micros;
      failAt(value,
             "invalid duration " + value.text + " (seconds with at most six decimals, e.g. 0.25)");
    }
    if (value.kind == TokenKind::Number && value.text.find('.') != std::string::npos) {
      failAt(value, "'" + name + "' is a whole number and cannot be compared with " + value.text);
    }
    if (value.kind != TokenKind::Identifier) {
      if (auto number = parseInteger(value.text)) return *number;
      if (value.kind == TokenKind::Number) failAt(value, "number out of range: " + value.text);
    }
    std::string message = "'" + name + "' is a number and cannot be compared with " + show(value);
    if (field == Field::Status && looksLikeStatusClass(value.text)) {
      message += " (for a status class write status_class == " + quoted(value.text) + ")";
    }
    failAt(value, message);
  }

  std::int32_t parseRegex(Field field, bool negated, const Token& opToken) {
    const Token& pattern = peek();
    if (pattern.kind != TokenKind::String) {
      failAt(pattern, "expected a quoted regular expression after " + show(opToken) + ", found " +
                          show(pattern));
    }
    take();
    // Latin-1 makes RE2 match bytes: log lines are not always valid UTF-8.
    RE2::Options options(RE2::Latin1);
    options.set_log_errors(false);
    options.set_never_capture(true);
    auto regex = std::make_unique<RE2>(pattern.text, options);
    if (!regex->ok()) failAt(pattern, "invalid regular expression: " + regex->error());
    Node node;
    node.kind = NodeKind::Regex;
    node.field = field;
    node.negated = negated;
    node.regex = std::move(regex);
    node.plainSearch = isPlainText(pattern.text);
    if (node.plainSearch) node.text = pattern.text;
    return add(std::move(node));
  }

  std::int32_t parseIn(Field field, bool negated, const Token& inToken) {
    const Token& open = peek();
    if (open.kind != TokenKind::LParen) {
      failAt(open, "expected '(' after 'in', found " + show(open));
    }
    take();
    if (peek().kind == TokenKind::RParen) {
      failAt(peek(), "empty list after 'in' (give at least one value)");
    }
    Node node;
    const bool text = valueKind(field) == ValueKind::Text && !comparesAsNumber(field, peek());
    node.kind = text ? NodeKind::TextIn : NodeKind::NumberIn;
    node.field = field;
    node.negated = negated;
    const Token* previous = &inToken;
    while (true) {
      const Token& value = expectValue(*previous);
      if (node.kind == NodeKind::TextIn) {
        node.texts.push_back(textValue(field, value, true));
      } else {
        node.numbers.push_back(numberValue(field, value));
      }
      if (peek().kind == TokenKind::Comma) {
        previous = &take();
        if (peek().kind != TokenKind::RParen) continue;
      }
      if (peek().kind == TokenKind::RParen) break;
      const std::string where = "the list opened at column " + std::to_string(open.column + 1);
      if (peek().kind == TokenKind::End) failAt(peek(), "missing ')' to close " + where);
      failAt(peek(), "expected ',' or ')' in " + where + ", found " + show(peek()));
    }
    take();
    return add(std::move(node));
  }

  std::string_view m_expr;
  std::vector<Token> m_tokens;
  std::size_t m_pos = 0;
  Program m_program;
  const FieldScope* m_scope = nullptr;
};

}  // namespace

Program compile(std::string_view expression, const FieldScope* scope) {
  return Parser(expression, scope).run();
}

}  // namespace logmill::workers::expr
