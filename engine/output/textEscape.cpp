#include "engine/output/textEscape.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace logmill::engine {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool isControl(unsigned char b) {
  return b < 0x20 || b == 0x7f;
}

/// True when s[i] starts a C1 control written as UTF-8 (U+0080..U+009F):
/// some terminals act on those like on ESC [.
bool isC1At(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]) == 0xc2 && i + 1 < s.size() &&
         (static_cast<unsigned char>(s[i + 1]) & 0xe0) == 0x80;
}

void appendHex(std::string& out, unsigned char b) {
  out += "\\x";
  out += kHex[b >> 4];
  out += kHex[b & 15];
}

/// Appends s with control bytes made visible; `tsv` also escapes backslash.
void appendVisible(std::string& out, std::string_view s, bool tsv) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto b = static_cast<unsigned char>(c);
    if (c == '\\' && tsv) {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (isControl(b)) {
      appendHex(out, b);
    } else if (isC1At(s, i)) {
      appendHex(out, b);
      appendHex(out, static_cast<unsigned char>(s[++i]));
    } else {
      out += c;
    }
  }
}

bool needsTerminalEscape(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (isControl(static_cast<unsigned char>(s[i])) || isC1At(s, i)) return true;
  }
  return false;
}

}  // namespace

std::string controlEscaped(std::string_view s) {
  if (!needsTerminalEscape(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  appendVisible(out, s, false);
  return out;
}

std::string messageEscaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t start = 0; start <= s.size();) {
    const std::size_t end = std::min(s.find('\n', start), s.size());
    if (start != 0) out += '\n';
    appendVisible(out, s.substr(start, end - start), false);
    start = end + 1;
  }
  return out;
}

bool tsvEscapeNeeded(std::string_view s, bool terminal) {
  if (terminal) return needsTerminalEscape(s) || s.find('\\') != std::string_view::npos;
  // One pass over the bytes: find_first_of calls memchr over its set for
  // every byte, which millions of rows (count --by host) feel.
  const auto special = [](char c) { return c == '\\' || c == '\t' || c == '\n' || c == '\r'; };
  return std::any_of(s.begin(), s.end(), special);
}

std::string tsvEscaped(std::string_view s, bool terminal) {
  if (!tsvEscapeNeeded(s, terminal)) return std::string(s);
  if (terminal) {
    std::string out;
    out.reserve(s.size() + 16);
    appendVisible(out, s, true);
    return out;
  }
  std::string out;
  out.reserve(s.size() + 16);
  for (const char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string csvQuote(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

std::string formulaNeutralized(std::string_view s) {
  // OWASP's list of formula triggers. A lone "-" is the log's "no value"
  // and no spreadsheet computes it.
  if (s.empty() || s == "-" ||
      std::string_view("=+-@\t\r").find(s.front()) == std::string_view::npos) {
    return std::string(s);
  }
  std::string out;
  out.reserve(s.size() + 1);
  out += '\'';
  out += s;
  return out;
}

std::string jsonString(std::string_view s) {
  std::string json =
      nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // nlohmann leaves DEL and C1 raw (JSON allows it); a terminal showing the
  // document might act on them, so they get \u escapes like C0.
  if (std::none_of(json.begin(), json.end(), [](char c) { return c == '\x7f' || c == '\xc2'; })) {
    return json;
  }
  std::string out;
  out.reserve(json.size() + 16);
  for (std::size_t i = 0; i < json.size(); ++i) {
    const auto b = static_cast<unsigned char>(json[i]);
    const bool c1 = isC1At(json, i);
    if (b != 0x7f && !c1) {
      out += json[i];
      continue;
    }
    const unsigned code = c1 ? static_cast<unsigned char>(json[++i]) : b;
    out += "\\u00";
    out += kHex[code >> 4];
    out += kHex[code & 15];
  }
  return out;
}

std::string htmlEscaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace logmill::engine
