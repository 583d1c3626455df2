"""The `--emit-partial` file layout (engine/PartialFile.hpp) for the test
scripts that read or forge one: varints, length-prefixed blobs, and where the
partial's section starts."""

MAGIC = b"LOGMILL PARTIAL\n"


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def read_varint(buf, pos):
    value = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def read_blob(buf, pos):
    n, pos = read_varint(buf, pos)
    return buf[pos:pos + n], pos + n


def partial_section(buf):
    """(offset of the partial's length prefix, the partial's bytes) in a
    partial file: after the magic, the file version, the query and the
    writer's version."""
    assert buf.startswith(MAGIC), "not a partial file"
    _, pos = read_varint(buf, len(MAGIC))
    _, pos = read_blob(buf, pos)  # the query
    _, pos = read_blob(buf, pos)  # the writer's version
    partial, _ = read_blob(buf, pos)
    return pos, partial
