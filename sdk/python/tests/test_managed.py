import json
import os
import time

import pytest

from allspark import _protocol as P
from allspark_testkit import FIXTURES, TUTORIAL, FakeServer, copy_app, write_app

ECHO = os.path.join(FIXTURES, "echo", "app.py")
BROKEN = os.path.join(FIXTURES, "broken_init", "app.py")


@pytest.fixture
def server():
    s = FakeServer()
    procs = []
    s.procs = procs
    try:
        yield s
    finally:
        for p in procs:
            p.kill()
        s.close()


def start(server, app, env=None):
    proc = server.start(app, env)
    server.procs.append(proc)
    conn = server.accept(proc=proc)
    return proc, conn


def test_hello_ready_and_responses(server):
    proc, conn = start(server, ECHO)
    hello = conn.handshake()
    assert hello == {"protocol": 1, "pid": proc.pid, "sdk": "allspark-py/0.1.0", "worker_threads": 4,
                     "batching": False, "process_index": 0, "process_count": 1, "fifo": True}
    assert conn.call(1, b"hello") == (200, 0, b"hello")
    assert conn.call(2, b"raise") == (400, P.FLAG_ERROR, b"ValueError: asked to raise")
    assert conn.call(3, b"status:201") == (201, 0, b'{"error": "custom"}')
    assert conn.call(4, b"status:400") == (400, 0, b'{"error": "custom"}')
    assert conn.call(5, b"status:1000") == (500, P.FLAG_ERROR, b"invalid status 1000")
    assert conn.call(0xFFFFFFFF, b"", path="sub/path") == (200, 0, b"")
    conn.send(P.PING, 77)
    assert conn.expect(P.PONG)[2] == 77
    assert "ValueError: asked to raise" in proc.stderr() and "Traceback" in proc.stderr()
    # DRAIN: GOODBYE, exit 0
    conn.send(P.DRAIN)
    conn.expect(P.GOODBYE)
    assert conn.read() is None
    assert proc.wait() == 0


def test_tutorial_managed(server):
    d = os.path.join(server.dir, "t")
    os.mkdir(d)
    proc, conn = start(server, copy_app(d, TUTORIAL))
    assert conn.handshake()["worker_threads"] == 10
    assert conn.call(1, b"2 105", path="") == (200, 0, b"False")
    assert conn.call(2, b"2 104") == (200, 0, b"True")


def test_concurrent_requests_and_ping_while_busy(server):
    proc, conn = start(server, ECHO)
    conn.handshake()
    t0 = time.time()
    for i in range(4):
        conn.request(10 + i, b"sleep:500", timeout_ms=5000)
    conn.send(P.PING, 1)
    assert conn.expect(P.PONG)[2] == 1  # the I/O thread answers while all workers sleep
    assert time.time() - t0 < 0.4
    ids = set()
    for _ in range(4):
        fid, status, flags, body = conn.response()
        assert (status, flags, body) == (200, 0, b"slept")
        ids.add(fid)
    assert ids == {10, 11, 12, 13}
    assert time.time() - t0 < 1.5


def test_cancel_drops_queued_request(server):
    proc, conn = start(server, ECHO)
    conn.handshake()
    for i in range(4):
        conn.request(i + 1, b"sleep:400")
    conn.request(50, b"cancel me")
    conn.send(P.CANCEL, 50)
    conn.request(51, b"after")
    conn.send(P.CANCEL, 999)  # unknown id: ignored
    seen = {}
    while len(seen) < 5:
        fid, status, flags, body = conn.response()
        assert fid not in seen, "answered twice"
        seen[fid] = body
    assert 50 not in seen
    assert seen[51] == b"after"
    conn.send(P.PING, 2)
    assert conn.expect(P.PONG)[2] == 2  # and no late RESPONSE for 50 before it


def test_drain_finishes_in_flight(server):
    proc, conn = start(server, ECHO)
    conn.handshake()
    conn.request(1, b"sleep:300")
    conn.request(2, b"sleep:100")
    time.sleep(0.05)
    conn.send(P.DRAIN)
    conn.send(P.PING, 3)
    assert conn.expect(P.PONG)[2] == 3  # still answering PING while draining
    got = {conn.response()[0], conn.response()[0]}
    assert got == {1, 2}
    conn.expect(P.GOODBYE)
    assert proc.wait() == 0


def test_server_eof_exits_zero(server):
    proc, conn = start(server, ECHO)
    conn.handshake()
    conn.request(1, b"sleep:5000")
    time.sleep(0.1)
    t0 = time.time()
    conn.close()
    assert proc.wait(5) == 0
    assert time.time() - t0 < 3


def test_init_error(server):
    proc, conn = start(server, BROKEN)
    hello = conn.expect_json(P.HELLO)
    assert hello["worker_threads"] == 2
    err = conn.expect_json(P.INIT_ERROR)
    assert err["error"] == "RuntimeError: model file saved_models/esim.h5 not found"
    assert "Traceback" in err["traceback"] and "initialize" in err["traceback"]
    assert proc.wait() != 0
    assert "model file saved_models/esim.h5 not found" in proc.stderr()


def test_batch_request_per_item(server):
    proc, conn = start(server, ECHO)
    conn.handshake()
    conn.send(P.BATCH_REQUEST, 7, P.encode_batch_request(1000, "", [b"a", b"raise", b"status:201"]))
    ftype, flags, fid, payload = conn.expect(P.BATCH_RESPONSE)
    assert fid == 7
    assert P.decode_batch_response(payload) == [
        (200, 0, b"a"), (400, P.FLAG_ERROR, b"ValueError: asked to raise"), (201, 0, b'{"error": "custom"}')]


def test_process_batch(server):
    d = os.path.join(server.dir, "b")
    os.mkdir(d)
    app = write_app(d, '''
        import allspark
        class B(allspark.BaseProcessor):
            def process(self, data):
                return data, 0
            def process_batch(self, items):
                return [(b"%d:" % len(items) + x, 200) for x in items]
        B(worker_threads=2).run()
    ''')
    proc, conn = start(server, app)
    assert conn.handshake()["batching"] is True
    conn.send(P.BATCH_REQUEST, 3, P.encode_batch_request(0, "p", [b"x", b"y"]))
    ftype, flags, fid, payload = conn.expect(P.BATCH_RESPONSE)
    assert fid == 3
    assert P.decode_batch_response(payload) == [(200, 0, b"2:x"), (200, 0, b"2:y")]
    assert conn.call(4, b"single") == (200, 0, b"single")


MULTI = '''
import os
import allspark
class M(allspark.BaseProcessor):
    def initialize(self):
        if os.environ.get("FAIL_INIT"):
            raise ValueError("init failed in %d" % os.getpid())
        self.pid = os.getpid()
    def process(self, data):
        return str(self.pid), 0
M(worker_threads=3, worker_processes=2).run()
'''


def test_worker_processes(server):
    d = os.path.join(server.dir, "m")
    os.mkdir(d)
    proc, c1 = start(server, write_app(d, MULTI))
    c2 = server.accept(proc=proc)
    h1, h2 = c1.handshake(), c2.handshake()
    assert {h1["process_index"], h2["process_index"]} == {0, 1}
    assert h1["process_count"] == h2["process_count"] == 2
    assert h1["worker_threads"] == h2["worker_threads"] == 3
    assert h1["pid"] != h2["pid"] and proc.pid not in (h1["pid"], h2["pid"])
    assert c1.call(1, b"x") == (200, 0, str(h1["pid"]).encode())
    assert c2.call(1, b"x") == (200, 0, str(h2["pid"]).encode())
    c1.send(P.DRAIN)
    c1.expect(P.GOODBYE)
    time.sleep(0.1)
    assert proc.popen.poll() is None  # the other process still serves
    assert c2.call(2, b"y") == (200, 0, str(h2["pid"]).encode())
    c2.close()
    assert proc.wait() == 0


def test_worker_processes_init_error(server):
    d = os.path.join(server.dir, "m")
    os.mkdir(d)
    proc, c1 = start(server, write_app(d, MULTI), {"FAIL_INIT": "1"})
    # The first process to fail makes the supervisor stop its sibling, which may die before it
    # writes its own INIT_ERROR: so wait for the exit, then read every connection to its end.
    assert proc.wait() != 0
    conns = [c1]
    try:
        conns.append(server.accept(timeout=0.5))
    except AssertionError:
        pass  # the sibling was stopped before it connected
    errors = []
    for c in conns:
        frame = c.read()
        while frame is not None:
            if frame[0] == P.INIT_ERROR:
                errors.append(json.loads(frame[3].decode("utf-8"))["error"])
            frame = c.read()
    assert errors and all("init failed" in e for e in errors), errors


QUEUED = '''
import threading
import allspark

ctx = allspark.Context(3)
queued = ctx.queued_service()

def worker(srv):
    while True:
        data = srv.read()
        if data == b"fail":
            srv.error(404, b"missing")
        else:
            srv.write(data.upper())

threads = [threading.Thread(target=worker, args=(queued,)) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
'''


def test_queued_managed(server):
    d = os.path.join(server.dir, "q")
    os.mkdir(d)
    proc, conn = start(server, write_app(d, QUEUED))
    hello = conn.handshake()
    assert hello["worker_threads"] == 3 and hello["pid"] == proc.pid
    assert conn.call(1, b"abc") == (200, 0, b"ABC")
    assert conn.call(2, b"fail") == (404, 0, b"missing")
    for i in range(6):
        conn.request(10 + i, b"r%d" % i)
    got = dict((fid, body) for fid, status, flags, body in (conn.response() for _ in range(6)))
    assert got == dict((10 + i, b"R%d" % i) for i in range(6))
    conn.send(P.BATCH_REQUEST, 20, P.encode_batch_request(0, "", [b"a", b"fail"]))
    assert P.decode_batch_response(conn.expect(P.BATCH_RESPONSE)[3]) == [(200, 0, b"A"), (404, 0, b"missing")]
    conn.send(P.PING, 9)
    assert conn.expect(P.PONG)[2] == 9
    conn.send(P.DRAIN)
    conn.expect(P.GOODBYE)
    assert proc.wait() == 0
