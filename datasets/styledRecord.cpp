#include "datasets/styledRecord.hpp"

#include <charconv>

#include "datasets/civilTime.hpp"

namespace logmill::datasets {

namespace {

// CloudFront's standard log columns, as AWS documents them.
constexpr std::string_view kCloudFrontFields =
    "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
    "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id "
    "x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher "
    "x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port "
    "time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end\n";
// An IIS 10 site's default columns, with sc-bytes and cs-host added.
constexpr std::string_view kIisFields =
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
    "cs-version cs(User-Agent) cs(Referer) cs-host sc-status sc-substatus sc-win32-status "
    "sc-bytes time-taken\n";
constexpr std::string_view kSite = "www.example.org";

/// `micros` as seconds with `decimals` (3 or 6) digits after the point.
void appendSeconds(std::string& out, std::uint64_t micros, unsigned decimals) {
  appendNumber(out, micros / 1'000'000);
  out.push_back('.');
  appendPadded(out, decimals == 3 ? micros % 1'000'000 / 1000 : micros % 1'000'000, decimals);
}

/// A W3C value: spaces written as `space` (IIS `+`, CloudFront `%20`),
/// nothing as `-`.
void appendW3cText(std::string& out, std::string_view text, std::string_view space) {
  if (text.empty()) {
    out.push_back('-');
    return;
  }
  for (char c : text) {
    if (c == ' ' || c == '\t') {
      out += space;
    } else {
      out.push_back(c);
    }
  }
}

/// What a W3C log splits a target into: stem and query (`-` for none).
std::pair<std::string_view, std::string_view> stemAndQuery(std::string_view path) {
  const std::size_t question = path.find('?');
  if (question == std::string_view::npos || question + 1 == path.size()) return {path, "-"};
  return {path.substr(0, question), path.substr(question + 1)};
}

/// The request line; a load balancer writes the target as an absolute URL.
void appendRequest(std::string& out, const StyledRecord& r, bool absolute) {
  if (r.method.empty()) {
    out += r.path;  // one opaque word, as the client sent it
    return;
  }
  out += r.method;
  out.push_back(' ');
  if (absolute && r.path.starts_with('/')) out += "https://www.example.org:443";
  out += r.path;
  if (!r.protocol.empty()) {
    out.push_back(' ');
    out += r.protocol;
  }
}

void appendReferrer(std::string& out, const StyledRecord& r) {
  out += r.referrerSite;
  out += r.referrer;
}

// Timings and ports vary with the record's serial, never with the random
// stream, so every style draws exactly what combined draws.
std::uint64_t durationMicros(const StyledRecord& r) {
  return 1000 + r.serial * 104'729 % 800'000;
}
std::uint64_t port(const StyledRecord& r) {
  return 1024 + r.serial * 7919 % 60'000;
}
std::uint64_t sentBytes(const StyledRecord& r) {
  return r.bytes < 0 ? 0 : static_cast<std::uint64_t>(r.bytes);
}
std::int64_t utcSeconds(const StyledRecord& r) {
  return r.localSeconds - std::int64_t{r.offsetMinutes} * 60;
}

void appendAlb(const StyledRecord& r, std::string& out) {
  const std::int64_t utc = utcSeconds(r);
  out += "https ";
  appendDateTime(out, utc, 'T');
  out.push_back('.');
  appendPadded(out, r.serial * 7 % 1'000'000, 6);
  out += "Z app/web-lb/50dc6c495c0c9188 ";
  out += r.host;
  out.push_back(':');
  appendNumber(out, port(r));
  out += " 10.0.0.1:80 0.000 ";
  appendSeconds(out, durationMicros(r), 3);
  out += " 0.000 ";
  appendNumber(out, static_cast<std::uint64_t>(r.status));
  out.push_back(' ');
  appendNumber(out, static_cast<std::uint64_t>(r.status));
  out += " 210 ";
  appendNumber(out, sentBytes(r));
  out += " \"";
  appendRequest(out, r, true);
  out += "\" \"";
  out += r.agent;
  out +=
      "\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067 "
      "\"Root=1-";
  appendPadded(out, r.serial, 8);
  out += "\" \"www.example.org\" \"-\" 0 ";
  appendDateTime(out, utc, 'T');
  out += ".000000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"";
  appendNumber(out, static_cast<std::uint64_t>(r.status));
  out += "\" \"-\" \"-\"\n";
}

void appendElb(const StyledRecord& r, std::string& out) {
  appendDateTime(out, utcSeconds(r), 'T');
  out.push_back('.');
  appendPadded(out, r.serial * 7 % 1'000'000, 6);
  out += "Z web-lb ";
  out += r.host;
  out.push_back(':');
  appendNumber(out, port(r));
  out += " 10.0.0.1:80 0.000041 ";
  appendSeconds(out, durationMicros(r), 6);
  out += " 0.000037 ";
  appendNumber(out, static_cast<std::uint64_t>(r.status));
  out.push_back(' ');
  appendNumber(out, static_cast<std::uint64_t>(r.status));
  out += " 0 ";
  appendNumber(out, sentBytes(r));
  out += " \"";
  appendRequest(out, r, true);
  out += "\" \"";
  out += r.agent;
  out += "\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2\n";
}

void appendS3(const StyledRecord& r, std::string& out) {
  const auto [stem, query] = stemAndQuery(r.path);
  out += "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be example-bucket [";
  appendClf(out, utcSeconds(r));
  out += " +0000] ";
  out += r.host;
  out.push_back(' ');
  out += r.user;
  out += " 3E57427F";
  appendPadded(out, r.serial, 8);
  out += " REST.";
  out += r.method.empty() ? std::string_view("UNKNOWN") : r.method;
  out += ".OBJECT ";
  out += stem.size() > 1 && stem.starts_with('/') ? stem.substr(1) : std::string_view("-");
  out += " \"";
  appendRequest(out, r, false);
  out += "\" ";
  appendNumber(out, static_cast<std::uint64_t>(r.status));
  out += r.status >= 400 ? " NoSuchKey " : " - ";
  if (r.bytes <= 0) {
    out.push_back('-');
  } else {
    appendNumber(out, static_cast<std::uint64_t>(r.bytes));
  }
  out += " - ";
  appendNumber(out, durationMicros(r) / 1000);
  out += " - \"";
  appendReferrer(out, r);
  out += "\" \"";
  out += r.agent;
  out +=
      "\" - EXAMPLEhostid= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader "
      "example-bucket.s3.us-east-1.amazonaws.com TLSv1.2 - -\n";
}

void appendCloudFront(const StyledRecord& r, std::string& out) {
  const auto [stem, query] = stemAndQuery(r.path);
  appendDateTime(out, utcSeconds(r), '\t');
  out += "\tIAD89-P1\t";
  appendNumber(out, sentBytes(r));
  out.push_back('\t');
  out += r.host;
  out.push_back('\t');
  appendW3cText(out, r.method, "%20");
  out += "\td111111abcdef8.cloudfront.net\t";
  out += stem;
  out.push_back('\t');
  appendNumber(out, static_cast<std::uint64_t>(r.status));
  out.push_back('\t');
  appendReferrer(out, r);
  out.push_back('\t');
  appendW3cText(out, r.agent, "%20");
  out.push_back('\t');
  out += query;
  out += "\t-\tMiss\tEXAMPLE";
  appendPadded(out, r.serial, 8);
  out += "\twww.example.org\thttps\t210\t";
  appendSeconds(out, durationMicros(r), 3);
  out += "\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tMiss\t";
  appendW3cText(out, r.protocol, "%20");
  out += "\t-\t-\t";
  appendNumber(out, port(r));
  out.push_back('\t');
  appendSeconds(out, durationMicros(r), 3);
  out += "\tMiss\ttext/html\t";
  appendNumber(out, sentBytes(r));
  out += "\t-\t-\n";
}

void appendW3c(const StyledRecord& r, std::string& out) {
  const auto [stem, query] = stemAndQuery(r.path);
  appendDateTime(out, utcSeconds(r), ' ');
  out += " 10.0.0.1 ";
  appendW3cText(out, r.method, "+");
  out.push_back(' ');
  out += stem;
  out.push_back(' ');
  out += query;
  out += " 443 ";
  out += r.user;
  out.push_back(' ');
  out += r.host;
  out.push_back(' ');
  appendW3cText(out, r.protocol, "+");
  out.push_back(' ');
  appendW3cText(out, r.agent, "+");
  out.push_back(' ');
  appendReferrer(out, r);
  out.push_back(' ');
  out += kSite;
  out.push_back(' ');
  appendNumber(out, static_cast<std::uint64_t>(r.status));
  out += " 0 0 ";
  appendNumber(out, sentBytes(r));
  out.push_back(' ');
  appendNumber(out, durationMicros(r) / 1000);
  out.push_back('\n');
}

void appendHaproxy(const StyledRecord& r, std::string& out) {
  // HAProxy logs its host's local time, with milliseconds and no zone.
  const Civil t = toCivil(r.localSeconds);
  out += kMonths[t.month - 1];
  out.push_back(' ');
  if (t.day < 10) out.push_back(' ');
  appendNumber(out, t.day);
  out.push_back(' ');
  appendClock(out, t);
  out += " lb1 haproxy[4242]: ";
  out += r.host;
  out.push_back(':');
  appendNumber(out, port(r));
  out += " [";
  appendClf(out, r.localSeconds);
  out.push_back('.');
  appendPadded(out, r.serial * 7 % 1000, 3);
  out += "] https-in~ web/srv1 0/0/1/";
  const std::uint64_t total = durationMicros(r) / 1000;
  appendNumber(out, total - 1);
  out.push_back('/');
  appendNumber(out, total);
  out.push_back(' ');
  appendNumber(out, static_cast<std::uint64_t>(r.status));
  out.push_back(' ');
  appendNumber(out, sentBytes(r));
  out += " - - ---- 1/1/0/0/0 0/0 \"";
  appendRequest(out, r, false);
  out += "\"\n";
}

/// `text` as a JSON string's contents, escaped as nginx's `escape=json`
/// does, so a JSON reader gets back exactly the bytes combined would log.
void appendJsonText(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      out += "\\u00";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 15]);
    } else {
      out.push_back(c);
    }
  }
}

void appendJsonPair(std::string& out, std::string_view key, std::string_view value, bool first) {
  out += first ? "{\"" : ",\"";
  out += key;
  out += "\":\"";
  appendJsonText(out, value);
  out.push_back('"');
}

/// nginx `log_format ... escape=json` with the combined variables and
/// `$request_time`, every value a string as nginx writes them.
void appendJson(const StyledRecord& r, std::string& out) {
  std::string field;
  appendClf(field, r.localSeconds);
  const std::int32_t offset = r.offsetMinutes < 0 ? -r.offsetMinutes : r.offsetMinutes;
  field += r.offsetMinutes < 0 ? " -" : " +";
  appendPadded(field, static_cast<std::uint64_t>(offset / 60), 2);
  appendPadded(field, static_cast<std::uint64_t>(offset % 60), 2);
  appendJsonPair(out, "time_local", field, true);
  appendJsonPair(out, "remote_addr", r.host, false);
  appendJsonPair(out, "remote_user", r.user, false);
  field.clear();
  appendRequest(field, r, false);
  appendJsonPair(out, "request", field, false);
  field.clear();
  appendNumber(field, static_cast<std::uint64_t>(r.status));
  appendJsonPair(out, "status", field, false);
  field.clear();
  appendNumber(field, sentBytes(r));
  appendJsonPair(out, "body_bytes_sent", field, false);
  field.clear();
  appendReferrer(field, r);
  appendJsonPair(out, "http_referer", field, false);
  appendJsonPair(out, "http_user_agent", r.agent, false);
  field.clear();
  appendSeconds(field, durationMicros(r), 3);
  appendJsonPair(out, "request_time", field, false);
  out += "}\n";
}

}  // namespace

void appendStyledHeader(LogStyle style, std::string& out) {
  if (style == LogStyle::CloudFront) {
    out += "#Version: 1.0\n";
    out += kCloudFrontFields;
  } else if (style == LogStyle::W3c) {
    out += "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n";
    out += kIisFields;
  }
}

void appendStyledRecord(LogStyle style, const StyledRecord& record, std::string& out) {
  switch (style) {
    case LogStyle::Alb:
      return appendAlb(record, out);
    case LogStyle::Elb:
      return appendElb(record, out);
    case LogStyle::S3:
      return appendS3(record, out);
    case LogStyle::CloudFront:
      return appendCloudFront(record, out);
    case LogStyle::W3c:
      return appendW3c(record, out);
    case LogStyle::Haproxy:
      return appendHaproxy(record, out);
    case LogStyle::Json:
      return appendJson(record, out);
    case LogStyle::Combined:
      break;  // written by FileGenerator itself
  }
}

}  // namespace logmill::datasets
