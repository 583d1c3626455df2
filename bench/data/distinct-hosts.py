#!/usr/bin/env python3
"""Writes the "many distinct keys" workload of issue 16: LINES Apache combined
lines spread over FILES gzip files, every line from a different IPv4 host.

Deterministic (no randomness, gzip mtime 0): line i's host is the 32-bit
number i * 2654435761 mod 2^32 (odd, so a bijection: every host distinct),
which scatters hosts so neither the files nor the hash table see them sorted.

    bench/data/distinct-hosts.py DIR [--files 8] [--lines 2000000]
"""
import argparse
import gzip
import os

PATHS = ["/", "/index.html", "/api/v1/items", "/static/app.js", "/robots.txt"]
STATUSES = [200, 200, 200, 304, 404]


def host(i: int) -> str:
    v = (i * 2654435761) & 0xFFFFFFFF
    return f"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}"


def line(i: int) -> str:
    second = i % 86400
    stamp = f"30/Nov/2026:{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d} +0000"
    path, status = PATHS[i % 5], STATUSES[i % 5]
    return (f'{host(i)} - - [{stamp}] "GET {path} HTTP/1.1" {status} {100 + i % 900} '
            f'"-" "bench/1.0"\n')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--lines", type=int, default=2_000_000)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    per = -(-args.lines // args.files)
    for f in range(args.files):
        first, last = f * per, min(args.lines, (f + 1) * per)
        name = os.path.join(args.dir, f"hosts-{f:03d}.log.gz")
        with open(name, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                      filename="") as gz:
            gz.write("".join(line(i) for i in range(first, last)).encode())


if __name__ == "__main__":
    main()
