#!/usr/bin/env python3
"""Writes forged partial files for tests/integration/forged_partials.sh.

forged_partials.py KIND TEMPLATE OUT: OUT is TEMPLATE (a real --emit-partial
file, for its query) with its partial section replaced and the checksum
recomputed, so only logmill's own validation can catch it.
  slots      an aggregate table of 64 slots and 150,000 rows of empty
             states (~10 MB that decoded naively into ~800 MB)
  overflow   one group "200" counted 2^64-1 times
"""
import os
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from partial_file import partial_section, varint  # noqa: E402

def partial(groups=(), table=b"\x00\x00"):
    out = bytearray(b"LMP" + varint(6) + varint(0) * 9 + varint(0))  # stats, no errors
    out += varint(len(groups))
    for key, n in groups:  # in key order; no prefix shared with the key before
        out += varint(0) + varint(len(key)) + key + varint(n)
    out += varint(0)  # no report section
    return bytes(out) + table


def many_slots_table(slots=64, rows=150000):
    out = bytearray(varint(slots) + b"\x00\x00" * slots)  # Numbers of field 0
    out += varint(rows)
    empty_row = varint(1) + b"\x00" * slots
    for i in range(rows):
        key = b"%d" % i
        out += varint(len(key)) + key + empty_row
    return bytes(out)


def main():
    kind, template, out = sys.argv[1:4]
    buf = open(template, "rb").read()
    start, _ = partial_section(buf)
    if kind == "slots":
        body = partial(table=many_slots_table())
    elif kind == "overflow":
        body = partial(groups=[(b"200", 2**64 - 1)])
    else:
        sys.exit("unknown kind " + kind)
    forged = buf[:start] + varint(len(body)) + body
    forged += zlib.crc32(forged).to_bytes(4, "little")
    open(out, "wb").write(forged)


main()
