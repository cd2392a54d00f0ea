"""Writes docs/protocol-vectors.json: frames shared by the Python and TypeScript codecs.

    python sdk/python/tests/make_vectors.py          # (re)write the file
    python sdk/python/tests/make_vectors.py --check  # exit 1 if the file differs
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SDK = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(SDK))
VECTORS_PATH = os.path.join(REPO, "docs", "protocol-vectors.json")

sys.path.insert(0, SDK)
from allspark import _protocol as P  # noqa: E402


def build_vectors():
    """Returns the list of vectors: (name, type, flags, id, payload) plus the encoded frame."""
    specs = [
        ("hello", P.HELLO, 0, 0, P.encode_json({
            "protocol": 1, "pid": 123, "sdk": "allspark-py/0.1.0", "worker_threads": 10,
            "batching": False, "process_index": 0, "process_count": 1})),
        ("ready", P.READY, 0, 0, b"{}"),
        ("init_error", P.INIT_ERROR, 0, 0, P.encode_json({
            "error": "ValueError: bad model",
            "traceback": "Traceback (most recent call last):\n  File \"app.py\", line 7, in initialize\nValueError: bad model\n"})),
        ("request", P.REQUEST, 0, 1, P.encode_request(30000, "v1/classify", b"2 105")),
        ("request_no_timeout_empty_path", P.REQUEST, 0, 2, P.encode_request(0, "", b"hello")),
        ("request_empty_body", P.REQUEST, 0, 3, P.encode_request(5000, "", b"")),
        ("request_utf8_binary", P.REQUEST, 0, 0xFFFFFFFE, P.encode_request(
            4294967295, u"caf\u00e9/\u6a21\u578b", b"\x00\x01\xff\xfe")),
        ("response", P.RESPONSE, 0, 1, P.encode_response(200, b"False")),
        ("response_status_201", P.RESPONSE, 0, 7, P.encode_response(201, b'{"error": "custom"}')),
        ("response_empty", P.RESPONSE, 0, 3, P.encode_response(200, b"")),
        ("response_error", P.RESPONSE, P.FLAG_ERROR, 2, P.encode_response(
            400, b"ValueError: not enough values to unpack (expected 2, got 1)")),
        ("response_invalid_status", P.RESPONSE, P.FLAG_ERROR, 4, P.encode_response(500, b"invalid status 1000")),
        ("ping", P.PING, 0, 42, b""),
        ("pong", P.PONG, 0, 42, b""),
        ("cancel", P.CANCEL, 0, 1, b""),
        ("drain", P.DRAIN, 0, 0, b""),
        ("goodbye", P.GOODBYE, 0, 0, b""),
        ("batch_request", P.BATCH_REQUEST, 0, 9, P.encode_batch_request(1000, "batch", [b"a", b"", b"2 105"])),
        ("batch_request_empty", P.BATCH_REQUEST, 0, 10, P.encode_batch_request(0, "", [])),
        ("batch_response", P.BATCH_RESPONSE, 0, 9, P.encode_batch_response([
            (200, 0, b"A"), (400, P.FLAG_ERROR, b"ValueError: empty"), (200, 0, b"True")])),
    ]
    out = []
    for name, ftype, flags, fid, payload in specs:
        out.append({
            "name": name,
            "type": ftype,
            "type_name": P.TYPE_NAMES[ftype],
            "flags": flags,
            "id": fid,
            "payload_hex": payload.hex(),
            "frame_hex": P.encode_frame(ftype, flags, fid, payload).hex(),
            "decoded": describe(ftype, payload),
        })
    return out


def describe(ftype, payload):
    """The payload's fields, so another codec can check its decoder too (bytes as hex)."""
    if ftype in (P.HELLO, P.READY, P.INIT_ERROR):
        return {"json": P.decode_json(payload)}
    if ftype == P.REQUEST:
        timeout_ms, path, body = P.decode_request(payload)
        return {"timeout_ms": timeout_ms, "path": path, "body_hex": body.hex()}
    if ftype == P.RESPONSE:
        status, body = P.decode_response(payload)
        return {"status": status, "body_hex": body.hex()}
    if ftype == P.BATCH_REQUEST:
        timeout_ms, path, items = P.decode_batch_request(payload)
        return {"timeout_ms": timeout_ms, "path": path, "items_hex": [i.hex() for i in items]}
    if ftype == P.BATCH_RESPONSE:
        return {"items": [{"status": s, "flags": f, "body_hex": b.hex()}
                          for s, f, b in P.decode_batch_response(payload)]}
    return {}


def render(vectors):
    return json.dumps(vectors, indent=2) + "\n"


def main(argv):
    text = render(build_vectors())
    if "--check" in argv:
        with open(VECTORS_PATH) as f:
            same = f.read() == text
        print("%s is %s" % (VECTORS_PATH, "up to date" if same else "OUT OF DATE"))
        return 0 if same else 1
    with open(VECTORS_PATH, "w") as f:
        f.write(text)
    print("wrote %d vectors to %s" % (len(json.loads(text)), VECTORS_PATH))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
