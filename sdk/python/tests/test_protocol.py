import io
import json

import pytest

from allspark import _protocol as P
from allspark_testkit import REPO
import make_vectors

VECTORS = json.load(open(make_vectors.VECTORS_PATH))


def test_vectors_file_is_up_to_date():
    assert make_vectors.render(make_vectors.build_vectors()) == open(make_vectors.VECTORS_PATH).read()


def test_vectors_cover_every_frame_type():
    assert {v["type"] for v in VECTORS} == set(P.TYPE_NAMES)
    assert any(v["flags"] & P.FLAG_ERROR and v["type"] == P.RESPONSE for v in VECTORS)
    req = [v for v in VECTORS if v["name"] == "request"][0]
    assert req["decoded"]["timeout_ms"] > 0 and req["decoded"]["path"] and req["decoded"]["body_hex"]


@pytest.mark.parametrize("v", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_encode_decode(v):
    payload = bytes.fromhex(v["payload_hex"])
    frame = bytes.fromhex(v["frame_hex"])
    assert P.encode_frame(v["type"], v["flags"], v["id"], payload) == frame
    assert P.decode_frame(frame) == (v["type"], v["flags"], v["id"], payload)
    assert P.read_frame(io.BytesIO(frame)) == (v["type"], v["flags"], v["id"], payload)
    assert make_vectors.describe(v["type"], payload) == v["decoded"]
    d = v["decoded"]
    if v["type"] == P.REQUEST:
        assert P.encode_request(d["timeout_ms"], d["path"], bytes.fromhex(d["body_hex"])) == payload
    elif v["type"] == P.RESPONSE:
        assert P.encode_response(d["status"], bytes.fromhex(d["body_hex"])) == payload
    elif v["type"] == P.BATCH_REQUEST:
        items = [bytes.fromhex(h) for h in d["items_hex"]]
        assert P.encode_batch_request(d["timeout_ms"], d["path"], items) == payload
    elif v["type"] == P.BATCH_RESPONSE:
        items = [(i["status"], i["flags"], bytes.fromhex(i["body_hex"])) for i in d["items"]]
        assert P.encode_batch_response(items) == payload
    elif "json" in d:
        assert json.loads(payload.decode("utf-8")) == d["json"]


def test_header_layout():
    frame = P.encode_frame(P.RESPONSE, P.FLAG_ERROR, 0x01020304, b"xy")
    assert frame == b"\x00\x00\x00\x02\x05\x01\x01\x02\x03\x04xy"


def test_stream_of_frames_and_eof():
    data = P.encode_frame(P.PING, 0, 1) + P.encode_frame(P.REQUEST, 0, 2, P.encode_request(0, "", b"x"))
    s = io.BytesIO(data)
    assert P.read_frame(s) == (P.PING, 0, 1, b"")
    assert P.read_frame(s)[0] == P.REQUEST
    assert P.read_frame(s) is None


def test_truncated_and_oversized_frames_are_errors():
    with pytest.raises(P.ProtocolError):
        P.read_frame(io.BytesIO(P.encode_frame(P.RESPONSE, 0, 1, b"abcdef")[:-2]))
    with pytest.raises(P.ProtocolError):
        P.read_frame(io.BytesIO(b"\x00\x00"))
    with pytest.raises(P.ProtocolError):
        P.decode_header(b"\x40\x00\x00\x01\x04\x00\x00\x00\x00\x01")  # 1 GiB + 1
    with pytest.raises(P.ProtocolError):
        P.decode_request(b"\x00\x00\x00\x00\x00\x09ab")
    with pytest.raises(P.ProtocolError):
        P.decode_batch_request(P.encode_batch_request(0, "", [b"abc"])[:-1])
    with pytest.raises(P.ProtocolError):
        P.decode_batch_response(P.encode_batch_response([(200, 0, b"abc")]) + b"!")


def test_repo_layout():
    import os
    assert os.path.isfile(os.path.join(REPO, "docs", "protocol.md"))


def test_response_fast_path_matches_the_generic_encoder():
    from allspark import _protocol as P
    for fid, status, flags, body in [(1, 200, 0, b"False"), (2 ** 32 - 1, 400, P.FLAG_ERROR, b"ValueError: x"), (7, 204, 0, b"")]:
        assert P.encode_response_frame(fid, status, flags, body) == P.encode_frame(P.RESPONSE, flags, fid, P.encode_response(status, body))
