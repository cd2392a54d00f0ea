"""Easel worker protocol, version 1: frame codec (see docs/protocol.md).

Every frame: u32 length, u8 type, u8 flags, u32 id (big-endian), then `length` payload bytes.
"""
import json
import struct

PROTOCOL_VERSION = 1
SDK_NAME = "allspark-py/0.1.0"

HEADER = struct.Struct(">IBBI")
HEADER_SIZE = HEADER.size  # 10
MAX_PAYLOAD = 1 << 30  # 1 GiB

HELLO = 1
READY = 2
INIT_ERROR = 3
REQUEST = 4
RESPONSE = 5
CANCEL = 6
PING = 7
PONG = 8
DRAIN = 9
BATCH_REQUEST = 10
BATCH_RESPONSE = 11
GOODBYE = 12

FLAG_ERROR = 0x01

TYPE_NAMES = {
    HELLO: "HELLO",
    READY: "READY",
    INIT_ERROR: "INIT_ERROR",
    REQUEST: "REQUEST",
    RESPONSE: "RESPONSE",
    CANCEL: "CANCEL",
    PING: "PING",
    PONG: "PONG",
    DRAIN: "DRAIN",
    BATCH_REQUEST: "BATCH_REQUEST",
    BATCH_RESPONSE: "BATCH_RESPONSE",
    GOODBYE: "GOODBYE",
}


class ProtocolError(Exception):
    """A malformed frame or payload."""


def encode_frame(ftype, flags=0, fid=0, payload=b""):
    payload = bytes(payload)
    if len(payload) > MAX_PAYLOAD:
        raise ProtocolError("payload too large: %d bytes" % len(payload))
    return HEADER.pack(len(payload), ftype, flags, fid) + payload


def decode_header(header):
    """Returns (length, type, flags, id) of a 10-byte header."""
    if len(header) != HEADER_SIZE:
        raise ProtocolError("short header: %d bytes" % len(header))
    length, ftype, flags, fid = HEADER.unpack(header)
    if length > MAX_PAYLOAD:
        raise ProtocolError("frame too large: %d bytes" % length)
    return length, ftype, flags, fid


def decode_frame(data):
    """Decodes exactly one complete frame: returns (type, flags, id, payload)."""
    data = bytes(data)
    length, ftype, flags, fid = decode_header(data[:HEADER_SIZE])
    if len(data) != HEADER_SIZE + length:
        raise ProtocolError("frame length %d does not match %d payload bytes" % (length, len(data) - HEADER_SIZE))
    return ftype, flags, fid, data[HEADER_SIZE:]


def read_frame(stream):
    """Reads one frame from a binary file-like object. Returns (type, flags, id, payload), or None at EOF."""
    header = _read_exact(stream, HEADER_SIZE)
    if header is None:
        return None
    length, ftype, flags, fid = decode_header(header)
    payload = _read_exact(stream, length) if length else b""
    if payload is None:
        raise ProtocolError("connection closed in the middle of a frame")
    return ftype, flags, fid, payload


def _read_exact(stream, n):
    chunks = []
    got = 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            if got == 0:
                return None
            raise ProtocolError("connection closed in the middle of a frame")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


# ---- payloads ---------------------------------------------------------------------------------

def encode_json(obj):
    return json.dumps(obj, separators=(",", ":"), sort_keys=False).encode("utf-8")


def decode_json(payload):
    try:
        return json.loads(bytes(payload).decode("utf-8"))
    except ValueError as e:
        raise ProtocolError("bad JSON payload: %s" % e)


def _path_bytes(path):
    if isinstance(path, str):
        path = path.encode("utf-8")
    path = bytes(path or b"")
    if len(path) > 0xFFFF:
        raise ProtocolError("path too long")
    return path


def encode_request(timeout_ms, path, body):
    """REQUEST payload: u32 timeout_ms, u16 path_len, path, body."""
    p = _path_bytes(path)
    return struct.pack(">IH", timeout_ms, len(p)) + p + bytes(body)


def decode_request(payload):
    """Returns (timeout_ms, path: str, body: bytes)."""
    payload = bytes(payload)
    if len(payload) < 6:
        raise ProtocolError("REQUEST payload too short")
    timeout_ms, plen = struct.unpack_from(">IH", payload, 0)
    if 6 + plen > len(payload):
        raise ProtocolError("REQUEST path runs past the payload")
    path = payload[6:6 + plen].decode("utf-8", "replace")
    return timeout_ms, path, payload[6 + plen:]


def encode_response(status, body):
    """RESPONSE payload: u16 status, body."""
    return struct.pack(">H", status) + bytes(body)


_RESPONSE_HEAD = struct.Struct(">IBBIH")


def encode_response_frame(fid, status, flags, body):
    """A whole RESPONSE frame in one pack (the hot path)."""
    if not isinstance(body, bytes):
        body = bytes(body)
    return _RESPONSE_HEAD.pack(2 + len(body), RESPONSE, flags, fid, status) + body


def decode_response(payload):
    """Returns (status, body)."""
    payload = bytes(payload)
    if len(payload) < 2:
        raise ProtocolError("RESPONSE payload too short")
    return struct.unpack_from(">H", payload, 0)[0], payload[2:]


def encode_batch_request(timeout_ms, path, items):
    """BATCH_REQUEST payload: u32 timeout_ms, u16 path_len, path, u32 count, count x (u32 len, bytes)."""
    p = _path_bytes(path)
    parts = [struct.pack(">IH", timeout_ms, len(p)), p, struct.pack(">I", len(items))]
    for item in items:
        item = bytes(item)
        parts.append(struct.pack(">I", len(item)))
        parts.append(item)
    return b"".join(parts)


def decode_batch_request(payload):
    """Returns (timeout_ms, path: str, items: list of bytes)."""
    payload = bytes(payload)
    try:
        timeout_ms, plen = struct.unpack_from(">IH", payload, 0)
        off = 6
        if off + plen > len(payload):
            raise ProtocolError("BATCH_REQUEST path runs past the payload")
        path = payload[off:off + plen].decode("utf-8", "replace")
        off += plen
        (count,) = struct.unpack_from(">I", payload, off)
        off += 4
        items = []
        for _ in range(count):
            (n,) = struct.unpack_from(">I", payload, off)
            off += 4
            if off + n > len(payload):
                raise ProtocolError("BATCH_REQUEST item runs past the payload")
            items.append(payload[off:off + n])
            off += n
    except struct.error:
        raise ProtocolError("BATCH_REQUEST payload too short")
    if off != len(payload):
        raise ProtocolError("BATCH_REQUEST has %d trailing bytes" % (len(payload) - off))
    return timeout_ms, path, items


def encode_batch_response(results):
    """BATCH_RESPONSE payload from a list of (status, flags, body)."""
    parts = [struct.pack(">I", len(results))]
    for status, flags, body in results:
        body = bytes(body)
        parts.append(struct.pack(">HBI", status, flags, len(body)))
        parts.append(body)
    return b"".join(parts)


def decode_batch_response(payload):
    """Returns a list of (status, flags, body)."""
    payload = bytes(payload)
    try:
        (count,) = struct.unpack_from(">I", payload, 0)
        off = 4
        out = []
        for _ in range(count):
            status, flags, n = struct.unpack_from(">HBI", payload, off)
            off += 7
            if off + n > len(payload):
                raise ProtocolError("BATCH_RESPONSE item runs past the payload")
            out.append((status, flags, payload[off:off + n]))
            off += n
    except struct.error:
        raise ProtocolError("BATCH_RESPONSE payload too short")
    if off != len(payload):
        raise ProtocolError("BATCH_RESPONSE has %d trailing bytes" % (len(payload) - off))
    return out
