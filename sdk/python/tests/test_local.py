import json
import threading
import time

import pytest

from allspark_testkit import TUTORIAL, Proc, copy_app, free_port, http, post, start_local, wait_http, write_app

RETURNS_APP = '''
import time
import allspark

class P(allspark.BaseProcessor):
    def initialize(self):
        self.calls = 0

    def process(self, data):
        self.calls += 1
        cmd = data.decode()
        if cmd == "bytes": return b"b", 0
        if cmd == "bytearray": return bytearray(b"ba"), 200
        if cmd == "str": return "caf\\u00e9", 0
        if cmd == "int": return 42, 0
        if cmd == "float": return 1.5, 0
        if cmd == "none": return None, 0
        if cmd == "bare": return b"bare"
        if cmd == "s201": return b"created", 201
        if cmd == "s400": return b'{"error": "custom"}', 400
        if cmd == "s1000": return b"x", 1000
        if cmd == "raise": raise ValueError("boom")
        if cmd.startswith("sleep"): time.sleep(0.5); return b"slept", 0
        return data, 0

if __name__ == "__main__":
    P(worker_threads=4).run()
'''


@pytest.fixture(scope="module")
def returns_app(tmp_path_factory):
    port = free_port()
    app = write_app(tmp_path_factory.mktemp("returns"), RETURNS_APP)
    proc = start_local(app, port)
    try:
        yield port, proc
    finally:
        proc.kill()


def test_tutorial_unmodified(tmp_path):
    port = free_port()
    proc = start_local(copy_app(tmp_path, TUTORIAL), port)
    try:
        assert post(port, "/test", "2 105") == (200, b"False")
        assert post(port, "/api/predict/x", "2 104") == (200, b"True")
        assert post(port, "/api/predict/pai_eas_tutorial/sub/path", "2 104") == (200, b"True")
        status, body = post(port, "/test", "garbage")
        assert status == 400
        err = json.loads(body)
        assert err["code"] == "ProcessorError" and err["message"].startswith("ValueError: ") and err["request_id"]
        assert post(port, "/test", "1 1") == (200, b"True")
        assert "serving MyProcessor at http://127.0.0.1:%d (POST /test or /api/predict/<name>)" % port in proc.stderr()
    finally:
        proc.kill()


@pytest.mark.parametrize("cmd,expected", [
    ("bytes", b"b"), ("bytearray", b"ba"), ("str", "caf\u00e9".encode("utf-8")), ("int", b"42"),
    ("float", b"1.5"), ("none", b""), ("bare", b"bare"), ("echo me", b"echo me"),
])
def test_return_types(returns_app, cmd, expected):
    assert post(returns_app[0], "/test", cmd) == (200, expected)


def test_statuses(returns_app):
    port = returns_app[0]
    assert post(port, "/test", "s201") == (201, b"created")
    assert post(port, "/test", "s400") == (400, b'{"error": "custom"}')
    status, body = post(port, "/test", "s1000")
    assert status == 500 and "invalid status 1000" in json.loads(body)["message"]


def test_exception_then_keeps_serving(returns_app):
    port, proc = returns_app
    status, body = post(port, "/test", "raise")
    assert status == 400
    err = json.loads(body)
    assert err["code"] == "ProcessorError" and err["message"] == "ValueError: boom"
    assert "Traceback" in proc.stderr() and "ValueError: boom" in proc.stderr()
    assert post(port, "/test", "bytes") == (200, b"b")


def test_health_and_not_found(returns_app):
    port = returns_app[0]
    assert http(port, "GET", "/healthz")[:2] == (200, b"ok")
    status, body, _ = http(port, "POST", "/nope", b"x")
    assert status == 404 and json.loads(body)["code"] == "NotFound"
    assert http(port, "GET", "/test")[0] == 404


def test_concurrency_bounded_by_worker_threads(returns_app):
    port = returns_app[0]
    results = []

    def one():
        results.append(post(port, "/test", "sleep"))

    t0 = time.time()
    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    elapsed = time.time() - t0
    assert results == [(200, b"slept")] * 4
    assert elapsed < 1.5, elapsed

    # a fifth concurrent request must wait for a free worker thread (worker_threads=4)
    results[:] = []
    t0 = time.time()
    threads = [threading.Thread(target=one) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(results) == 5
    assert time.time() - t0 >= 0.95


def test_endpoint_argument(tmp_path):
    port = free_port()
    app = write_app(tmp_path, '''
        import allspark
        class E(allspark.BaseProcessor):
            def process(self, data):
                return data[::-1], 0
        E(worker_threads=1, endpoint="127.0.0.1:%d").run()
    ''' % port)
    proc = Proc(app, {})
    try:
        wait_http(proc, port)
        assert post(port, "/test", "abc") == (200, b"cba")
    finally:
        proc.kill()


def test_local_initialize_error_exits_nonzero(tmp_path):
    app = write_app(tmp_path, '''
        import allspark
        class B(allspark.BaseProcessor):
            def initialize(self):
                raise RuntimeError("no model here")
            def process(self, data):
                return data
        B().run()
    ''')
    proc = Proc(app, {"EASEL_LOCAL_PORT": str(free_port())})
    try:
        assert proc.wait() != 0
        assert "RuntimeError: no model here" in proc.stderr()
    finally:
        proc.kill()


QUEUED_APP = '''
import threading
import allspark

ctx = allspark.Context(4)
queued = ctx.queued_service()

def worker(srv):
    while True:
        data = srv.read()
        if data == b"fail":
            srv.error(404, "not found: " + data.decode())
        elif data == b"badcode":
            srv.error(1000, "x")
        else:
            srv.write(data.upper())

threads = [threading.Thread(target=worker, args=(queued,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
'''


def test_queued_local(tmp_path):
    port = free_port()
    proc = start_local(write_app(tmp_path, QUEUED_APP), port)
    try:
        assert post(port, "/test", "hello") == (200, b"HELLO")
        assert post(port, "/api/predict/q", "abc") == (200, b"ABC")
        assert post(port, "/test", "fail") == (404, b"not found: fail")
        status, body = post(port, "/test", "badcode")
        assert status == 500 and "invalid status 1000" in json.loads(body)["message"]
        results = []
        threads = [threading.Thread(target=lambda i=i: results.append(post(port, "/test", "r%d" % i)))
                   for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        assert sorted(results) == sorted((200, ("R%d" % i).encode()) for i in range(8))
        assert "serving QueuedService" in proc.stderr()
    finally:
        proc.kill()
