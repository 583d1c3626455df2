#!/usr/bin/env python3
"""Writes the hostile-input corpus for hostile_inputs.sh into DIR.

Usage: hostile_gen.py KIND DIR [ARGS]
  bomb DIR GIB       DIR/bomb.log.gz: GIB gzip members, each 1 GiB of zeros
                     (one line with no newline: an overlong line of GIB GiB)
  hostile DIR        small hostile files (see below), each named for what it is
  tiny DIR N         N one-line files in DIR/tiny/ (a directory of many files)

Hostile lines carry hosts named hostile-*, so a run over good and hostile
files can be compared with a run over the good ones alone.
"""
import os
import random
import sys
import zlib

LINE = ('{host} - - [17/May/2015:10:05:03 +0000] "GET {path} HTTP/1.1" 200 5 "-" "{agent}"\n')


def line(host, path="/", agent="curl/8.0"):
    return LINE.format(host=host, path=path, agent=agent)


def gzip_bytes(data):
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def zeros_member(gib):
    """One gzip member holding `gib` GiB of zeros, built in ~1 MB of output
    without compressing a GiB: every 1 MiB block is compressed after a full
    flush (which resets the dictionary), so all blocks encode identically."""
    block = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    encoded = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    blocks = [encoded] * (gib << 10)
    tail = c.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(gib << 10):
        crc = zlib.crc32(block, crc)
    size = (gib << 30) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + b"".join(blocks) + tail + crc.to_bytes(4, "little") + size.to_bytes(4, "little")


def write(path, data, mode="wb"):
    with open(path, mode) as f:
        f.write(data)


def bomb(d, gib):
    member = zeros_member(1)
    # Sanity: the member really inflates to 1 GiB (checked on its first MiB).
    d_obj = zlib.decompressobj(31)
    assert d_obj.decompress(member[:4096], 1 << 20) == bytes(1 << 20)
    with open(os.path.join(d, "bomb.log.gz"), "wb") as f:
        for _ in range(gib):
            f.write(member)


def hostile(d):
    good = line("hostile-gz") * 50
    gz = gzip_bytes(good.encode())
    # A bit flipped in the middle of the deflate data.
    flipped = bytearray(gz)
    flipped[len(gz) // 2] ^= 0x10
    write(os.path.join(d, "bitflip.log.gz"), bytes(flipped))
    write(os.path.join(d, "truncated.log.gz"), gz[: len(gz) * 2 // 3])
    write(os.path.join(d, "empty.log"), b"")
    write(os.path.join(d, "empty.log.gz"), gzip_bytes(b""))
    rng = random.Random(7)
    write(os.path.join(d, "garbage.bin"), bytes(rng.getrandbits(8) for _ in range(200_000)))
    # Looks like gzip by name only.
    write(os.path.join(d, "not-gzip.log.gz"), b"this is not gzip\n")
    # NUL bytes inside and between lines; invalid UTF-8; Latin-1.
    nul = line("hostile-nul", agent="a\0b") + "\0\0\0\n" + line("hostile-nul2", path="/x\0y")
    write(os.path.join(d, "nul.log"), nul.encode())
    bad_utf8 = line("hostile-utf8", path="/\xff\xfe\xc3(") + line("hostile-utf8", agent="\xed\xa0\x80")
    write(os.path.join(d, "badutf8.log"), bad_utf8.encode("latin-1"))
    latin1 = line("hostile-latin1", path="/caf\xe9", agent="M\xfcller")
    write(os.path.join(d, "latin1.log"), latin1.encode("latin-1"))
    # One 100 MB line (capped at 1 MiB: malformed), then a good line.
    with open(os.path.join(d, "longline.log"), "wb") as f:
        chunk = b"A" * (1 << 20)
        for _ in range(100):
            f.write(chunk)
        f.write(b"\n" + line("hostile-after-long").encode())
    # Names a shell or a line-based protocol would mangle.
    for name, host in (("with space.log", "hostile-space"),
                       ("new\nline.log", "hostile-newline"),
                       ("ünïcødé-日本.log", "hostile-unicode"),
                       ("-dash.log", "hostile-dash"),
                       ("$(touch pwned).log", "hostile-dollar")):
        write(os.path.join(d, name), line(host).encode())


def tiny(d, n):
    t = os.path.join(d, "tiny")
    os.makedirs(t, exist_ok=True)
    for i in range(n):
        write(os.path.join(t, "f%05d.log" % i), line("hostile-tiny-%d" % (i % 100)).encode())


if __name__ == "__main__":
    kind, d = sys.argv[1], sys.argv[2]
    os.makedirs(d, exist_ok=True)
    if kind == "bomb":
        bomb(d, int(sys.argv[3]))
    elif kind == "hostile":
        hostile(d)
    elif kind == "tiny":
        tiny(d, int(sys.argv[3]))
    else:
        sys.exit("unknown kind " + kind)
