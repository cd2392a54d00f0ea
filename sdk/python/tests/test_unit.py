import allspark
from allspark import _protocol as P
from allspark._core import BatchJob, Request, error_result, normalize_result
from allspark._local import resolve_address, route


def test_return_values():
    assert normalize_result((b"x", 0)) == (200, 0, b"x")
    assert normalize_result((bytearray(b"x"), 200)) == (200, 0, b"x")
    assert normalize_result(("caf\u00e9", 201)) == (201, 0, "caf\u00e9".encode("utf-8"))
    assert normalize_result((42, 0)) == (200, 0, b"42")
    assert normalize_result((1.5, 0)) == (200, 0, b"1.5")
    assert normalize_result((True, 0)) == (200, 0, b"True")
    assert normalize_result((None, 0)) == (200, 0, b"")
    assert normalize_result(b"bare") == (200, 0, b"bare")
    assert normalize_result(None) == (200, 0, b"")
    assert normalize_result((b"x", 599)) == (599, 0, b"x")
    assert normalize_result((b"x", 100)) == (100, 0, b"x")


def test_invalid_statuses():
    assert normalize_result((b"x", 1000)) == (500, P.FLAG_ERROR, b"invalid status 1000")
    assert normalize_result((b"x", 99)) == (500, P.FLAG_ERROR, b"invalid status 99")
    assert normalize_result((b"x", -1)) == (500, P.FLAG_ERROR, b"invalid status -1")
    assert normalize_result((b"x", "200"))[0:2] == (500, P.FLAG_ERROR)
    assert normalize_result((b"x", None))[0:2] == (500, P.FLAG_ERROR)


def test_exception_message():
    assert error_result(ValueError("bad")) == (400, P.FLAG_ERROR, b"ValueError: bad")
    assert error_result(KeyError("k")) == (400, P.FLAG_ERROR, b"KeyError: 'k'")
    assert error_result(RuntimeError()) == (400, P.FLAG_ERROR, b"RuntimeError")


def test_request_answers_once_and_cancel():
    got = []
    r = Request(b"x", "", lambda *a: got.append(a))
    assert r.start()
    assert not r.cancel()  # started: too late
    assert r.respond(200, 0, b"a")
    assert not r.respond(200, 0, b"b")
    assert got == [(200, 0, b"a")]
    r2 = Request(b"x", "", lambda *a: got.append(a))
    assert r2.cancel()
    assert not r2.start()
    assert not r2.respond(200, 0, b"c")
    assert len(got) == 1


def test_batch_job():
    done = []
    job = BatchJob([b"a", b"b"], "", 0, done.append)
    assert [s.start() for s in job.subs] == [True, True]
    job.subs[1].respond(201, 0, b"B")
    assert done == []
    job.subs[0].respond(200, 0, b"A")
    assert done == [[(200, 0, b"A"), (201, 0, b"B")]]
    dropped = []
    job2 = BatchJob([b"a"], "", 0, dropped.append)
    job2.cancel()
    assert dropped == [None]


def test_routes_and_addresses(monkeypatch):
    assert route("/test") == ""
    assert route("/test/sub/x") == "sub/x"
    assert route("/api/predict/svc") == ""
    assert route("/api/predict/svc/v1/run?x=1") == "v1/run"
    assert route("/api/predict/") is None
    assert route("/other") is None
    monkeypatch.delenv("EASEL_LOCAL_PORT", raising=False)
    assert resolve_address(None) == ("127.0.0.1", 8080)
    assert resolve_address("0.0.0.0:9000") == ("0.0.0.0", 9000)
    assert resolve_address("9000") == ("127.0.0.1", 9000)
    monkeypatch.setenv("EASEL_LOCAL_PORT", "9123")
    assert resolve_address("0.0.0.0:9000") == ("127.0.0.1", 9123)


def test_default_properties_and_constructor():
    props = allspark.default_properties()
    assert props is allspark.default_properties()
    props.put("rpc.keepalive", "60000")
    assert props.get("rpc.keepalive") == "60000"
    assert props.get("missing") is None
    assert props.get("missing", 5) == 5
    p = allspark.BaseProcessor(worker_threads=3, io_threads=2, worker_processes=1, endpoint="9000", extra=1)
    assert (p.worker_threads, p.io_threads, p.worker_processes, p.endpoint) == (3, 2, 1, "9000")
    assert allspark.__version__ == "0.1.0"
