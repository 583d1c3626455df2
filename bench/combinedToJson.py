#!/usr/bin/env python3
"""Rewrites combined access-log lines as nginx `escape=json` lines (the same
requests, one JSON object each), for `count` speed of json against combined:

    bench/combinedToJson.py < access.log > access.json.log

The layout is nginx's documented escape=json style:
  log_format json escape=json '{"time_local":"$time_local",'
    '"remote_addr":"$remote_addr","remote_user":"$remote_user",'
    '"request":"$request","status":"$status","body_bytes_sent":"$body_bytes_sent",'
    '"http_referer":"$http_referer","http_user_agent":"$http_user_agent"}';
Lines that are not combined are dropped (reported on stderr)."""
import re
import sys

LINE = re.compile(
    rb'^(\S+) (\S+) (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\S+) '
    rb'"((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"$')


def escape(raw: bytes) -> bytes:
    # nginx escape=json: " and \ escaped, control bytes as \u00XX; a combined
    # field's own \" and \\ escapes are undone first.
    raw = re.sub(rb'\\(["\\])', rb'\1', raw)
    out = bytearray()
    for b in raw:
        if b in (0x22, 0x5C):
            out += b'\\' + bytes([b])
        elif b < 0x20:
            out += b'\\u%04x' % b
        else:
            out.append(b)
    return bytes(out)


def main() -> int:
    dropped = 0
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        m = LINE.match(line.rstrip(b'\r\n'))
        if not m:
            dropped += 1
            continue
        host, _, user, time, request, status, size, referrer, agent = m.groups()
        out.write(b'{"time_local":"%s","remote_addr":"%s","remote_user":"%s","request":"%s",'
                  b'"status":"%s","body_bytes_sent":"%s","http_referer":"%s",'
                  b'"http_user_agent":"%s"}\n' % (
                      escape(time), escape(host), escape(b'' if user == b'-' else user),
                      escape(request), status, size, escape(referrer), escape(agent)))
    if dropped:
        print(f'combinedToJson: {dropped} lines were not combined', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
