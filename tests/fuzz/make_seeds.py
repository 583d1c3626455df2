#!/usr/bin/env python3
"""Regenerates the committed seed corpora in tests/fuzz/corpus/<target>/.
Seeds are small (a few KB per target) and deterministic: real fixture lines,
edge cases, and valid encodings of each binary format, which the fuzzer then
mutates. The partial and frame seeds hold real Partial encodings, taken from
`logmill --emit-partial` files, so run this again when that encoding changes:
  python3 tests/fuzz/make_seeds.py build/logmill"""
import gzip
import os
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from partial_file import partial_section  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


def fixture_lines(name, n):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read().split(b"\n")[:n]


def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


COMBINED = fixture_lines("elastic-apache-combined-2015.log", 3)
NGINX = fixture_lines("crowdsec-nginx_http-logs.log", 2)
IPV6 = fixture_lines("crowdsec-ipv6-postoverflow.log", 2)
MALFORMED = fixture_lines("crowdsec-apache2-malformed.log", 3)
EDGE = [
    b'h - - [17/May/2015:10:05:03 +0000] "G\\"E\\\\" 200 - "r\\\\\\"" "\\\\"',
    b'www.example.org:8080 h - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "a"',
    b'[::1]:443 h - - [17/May/2015:10:05:03 -0700] "GET / HTTP/2.0" 200 5 "-" "a"',
    b'h - - [17/May/2015:10:05:03 +0000] "x" 200 1 "-" "agent" 0.003 "1.1.1.1"',
    b'h - - [31/Dec/1999:23:59:60 +1400] "GET /a HTTP/1.1" 200 1234567890123456789\r',
]


def line_parser():
    for i, lines in enumerate([COMBINED, NGINX, IPV6, MALFORMED, EDGE]):
        for selector in range(7):
            if (i + selector) % 3 == 0:
                put("fuzz_line_parser", "s%d-%d" % (i, selector),
                    bytes([selector, 0x3f, 0xff]) + b"\n".join(lines))


def log_format():
    specs = [
        b'%h %l %u %t "%r" %>s %b',
        b'%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"',
        b'%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i" %D',
        b'%a [%{%d/%b/%Y:%H:%M:%S %z}t] "%m %U %H" %s %B %T',
        b'%h %l %u %t \\"%r\\" %>s %b %{ms}T %{us}T %%',
        b'%{c}a %A %<s %>s %I %O %k %L %P %R',
        b'%h%l',
    ]
    for i, spec in enumerate(specs):
        put("fuzz_log_format", "f%d" % i, spec + b"\n" + b"\n".join(COMBINED[:2] + EDGE[:2]))


def where():
    exprs = [
        b'status >= 500 and path ~ "^/api/"',
        b'status == 416 or (method == "OPTIONS")',
        b'not (host in ("10.0.0.1", "::1", \'x\') or bytes < 100) && !is_static',
        b'agent !~ "(?i)bot|crawl" and browser in ("Chrome", "Firefox",) and os != "Windows"',
        b'time >= "2015-05-17T10:05:03+02:00" and date == "17/May/2015" and hour in (23, 0)',
        b'status_class == "5xx" || ext == "php" || referrer = "-" || user != "-"',
        b'bytes not in (0, 1) and status == 99999999999999999999',
        b'path == "/a\\\\\\"b\\n" and weekday == "sunday" and method == GET',
        b'((((status == 404 or status == 410)))) and not not is_static',
        b'status in ()',
    ]
    for i, e in enumerate(exprs):
        put("fuzz_where", "w%d" % i, e + b"\n" + b"\n".join(COMBINED[:2]))


def emitted_partials(logmill):
    """Partial::encode() bytes of real runs, cut out of `--emit-partial` files
    (layout in engine/PartialFile.hpp): every section of the encoding."""
    runs = [
        ["robots"],
        ["count", "--by", "status,method"],
        ["top", "--by", "host", "-n", "3", "--where", "status >= 400"],
        ["count", "--by", "path", "--agg", "count,sum(bytes),distinct(host),p90(bytes)"],
        ["count", "--by", "status", "--bucket", "1h"],
        ["report"],
    ]
    out = []
    for i, args in enumerate(runs):
        path = os.path.join(HERE, "corpus", ".partial.tmp")
        subprocess.run([logmill] + args + ["--pool", "serial", "--emit-partial", path,
                        os.path.join(DATA, "crowdsec-nginx_http-logs.log"),
                        os.path.join(DATA, "crowdsec-apache2-malformed.log"), "/nonexistent"],
                       check=False, stderr=subprocess.DEVNULL)
        with open(path, "rb") as f:
            b = f.read()
        os.unlink(path)
        out.append(partial_section(b)[1])
    return out


def partials(logmill):
    found = emitted_partials(logmill)
    for i, p in enumerate(found):
        if len(p) <= 4096:
            put("fuzz_partial", "p%d" % i, p)
    return found


def frame(ftype, payload):
    return struct.pack("<IHHII", 0x52464D4C, 1, ftype, len(payload), zlib.crc32(payload)) + payload


def frames(found):
    ready = frame(1, struct.pack("<II", 0, 4242))
    heartbeat = frame(2, struct.pack("<IQ", 3, 1 << 20))
    small = min(found, key=len)
    # A Result names the tasks it covers (a count, then their ids); Held
    # (6) names one task a worker holds until then.
    held = frame(6, struct.pack("<I", 3)) + frame(6, struct.pack("<I", 4))
    result = frame(3, struct.pack("<III", 2, 3, 4) + small)
    task_error = frame(4, struct.pack("<I", 1) + b"worker: something failed")
    shutdown = frame(7, b"")
    put("fuzz_frame", "stream", bytes([7]) + ready + heartbeat + held + heartbeat + result)
    put("fuzz_frame", "errors", bytes([1]) + task_error + shutdown + frame(0x100, b"user"))
    for i, p in enumerate(found):
        if len(p) < 3000:
            put("fuzz_frame", "result%d" % i, bytes([63]) + frame(3, struct.pack("<II", 1, i) + p))


def line_reader():
    text = b"\n".join(COMBINED + NGINX + EDGE) + b"\n"
    gz = gzip.compress(text, mtime=0)
    put("fuzz_line_reader", "gzip", bytes([40, 7]) + gz)
    put("fuzz_line_reader", "multimember",
        bytes([63, 0]) + gzip.compress(b"a\nbb\n", mtime=0) + gzip.compress(b"ccc", mtime=0)
        + gzip.compress(b"", mtime=0))
    raw = zlib.compressobj(9, zlib.DEFLATED, 31)
    put("fuzz_line_reader", "gzip-stored", bytes([5, 0]) + gzip.compress(b"x\r\ny\n" * 20, 0, mtime=0))
    put("fuzz_line_reader", "gzip-best", bytes([8, 3]) + raw.compress(b"z" * 300 + b"\n") + raw.flush())
    put("fuzz_line_reader", "plain", bytes([20, 77]) + text)
    put("fuzz_line_reader", "plain-crlf", bytes([3, 5]) + b"a\r\nbb\r\n\r\nlonger line here\rx\n\nlast")
    put("fuzz_line_reader", "truncated", bytes([30, 0]) + gz[: len(gz) // 2])


def presets():
    """The preset parsers' targets: each sample file under tests/data/formats
    (its last line is of another format), behind the selector and mask bytes."""
    def sample(name):
        with open(os.path.join(DATA, "formats", name), "rb") as f:
            return f.read().rstrip(b"\n")
    for selector, name in enumerate(["alb.log", "elb.log", "s3.log"]):
        put("fuzz_aws_log", name, bytes([selector, 0x3f, 0xff]) + sample(name))
        put("fuzz_aws_log", "masked-" + name, bytes([selector, 0x08, 0x22]) + sample(name))
    put("fuzz_haproxy_log", "haproxy.log", bytes([0x3f, 0xff]) + sample("haproxy.log"))
    put("fuzz_haproxy_log", "masked", bytes([0x00, 0x80]) + sample("haproxy.log"))
    for name in ["iis.log", "iis-no-fields.log", "cloudfront.log"]:
        put("fuzz_w3c_log", name, bytes([0, 0x3f, 0xff]) + sample(name))
    put("fuzz_w3c_log", "cloudfront-no-header", bytes([1, 0x20, 0x80])
        + b"\n".join(sample("cloudfront.log").split(b"\n")[2:]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_seeds.py LOGMILL-BINARY (it writes the partial seeds)")
    line_parser()
    log_format()
    where()
    found = partials(sys.argv[1])
    frames(found)
    line_reader()
    presets()
