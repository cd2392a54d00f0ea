"""Helpers for the allspark tests: run processor scripts, play the Easel server over a Unix socket."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SDK = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(SDK))
FIXTURES = os.path.join(REPO, "test", "fixtures", "processors")
TUTORIAL = os.path.join(REPO, "examples", "tutorial", "app.py")

sys.path.insert(0, SDK)
from allspark import _protocol as P  # noqa: E402

TIMEOUT = 10.0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write_app(tmpdir, source):
    path = os.path.join(str(tmpdir), "app.py")
    with open(path, "w") as f:
        f.write(textwrap.dedent(source))
    return path


def copy_app(tmpdir, src):
    dst = os.path.join(str(tmpdir), "app.py")
    shutil.copy(src, dst)
    return dst


class Proc(object):
    """A processor subprocess; stderr goes to a file (read with .stderr())."""

    def __init__(self, app, env_extra, cwd=None):
        env = dict(os.environ)
        for k in ("EASEL_SOCKET", "EASEL_LOCAL_PORT"):
            env.pop(k, None)
        env["PYTHONPATH"] = SDK
        env["PYTHONUNBUFFERED"] = "1"
        env.update(env_extra)
        self._err = tempfile.TemporaryFile()
        self.popen = subprocess.Popen([sys.executable, app], env=env, cwd=cwd or os.path.dirname(app),
                                      stdout=subprocess.DEVNULL, stderr=self._err)
        self.pid = self.popen.pid

    def stderr(self):
        self._err.seek(0)
        return self._err.read().decode("utf-8", "replace")

    def wait(self, timeout=TIMEOUT):
        return self.popen.wait(timeout)

    def kill(self):
        if self.popen.poll() is None:
            self.popen.kill()
            try:
                self.popen.wait(5)
            except subprocess.TimeoutExpired:
                pass
        self._err.close()


# ---- local HTTP mode --------------------------------------------------------------------------

def start_local(app, port, env_extra=None):
    env = {"EASEL_LOCAL_PORT": str(port)}
    env.update(env_extra or {})
    proc = Proc(app, env)
    wait_http(proc, port)
    return proc


def wait_http(proc, port, host="127.0.0.1"):
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        if proc.popen.poll() is not None:
            raise AssertionError("processor exited with %s: %s" % (proc.popen.returncode, proc.stderr()))
        try:
            status, _, _ = http(port, "GET", "/healthz", host=host, timeout=1)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError("processor did not serve on port %d: %s" % (port, proc.stderr()))


def http(port, method, path, body=None, host="127.0.0.1", timeout=TIMEOUT):
    """Returns (status, body bytes, headers)."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    req = urllib.request.Request("http://%s:%d%s" % (host, port, path), data=body, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


def post(port, path, body):
    return http(port, "POST", path, body)[:2]


# ---- managed mode: the test plays the server --------------------------------------------------

class FakeServer(object):
    def __init__(self):
        self.dir = tempfile.mkdtemp(dir="/tmp", prefix="as")
        self.path = os.path.join(self.dir, "s")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.path)
        self.listener.listen(8)
        self.conns = []

    def start(self, app, env_extra=None):
        env = {"EASEL_SOCKET": self.path, "EASEL_INSTANCE": "i-test", "MODEL_DIR": self.dir,
               "PAI_ENDPOINT": "http://127.0.0.1:1"}
        env.update(env_extra or {})
        return Proc(app, env)

    def accept(self, timeout=TIMEOUT, proc=None):
        self.listener.settimeout(timeout)
        try:
            sock, _ = self.listener.accept()
        except socket.timeout:
            raise AssertionError("no connection from the processor%s"
                                 % (": " + proc.stderr() if proc else ""))
        conn = WorkerConn(sock)
        self.conns.append(conn)
        return conn

    def close(self):
        for c in self.conns:
            c.close()
        self.listener.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class WorkerConn(object):
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _recv_exact(self, n, deadline):
        while len(self.buf) < n:
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError("timed out waiting for a frame")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise AssertionError("timed out waiting for a frame")
            if not chunk:
                return None
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read(self, timeout=TIMEOUT):
        """Returns (type, flags, id, payload) or None at EOF."""
        deadline = time.time() + timeout
        header = self._recv_exact(P.HEADER_SIZE, deadline)
        if header is None:
            return None
        length, ftype, flags, fid = P.decode_header(header)
        payload = self._recv_exact(length, deadline) if length else b""
        return ftype, flags, fid, payload

    def expect(self, ftype, timeout=TIMEOUT):
        frame = self.read(timeout)
        assert frame is not None, "EOF while waiting for %s" % P.TYPE_NAMES[ftype]
        assert frame[0] == ftype, "expected %s, got %s %r" % (P.TYPE_NAMES[ftype], P.TYPE_NAMES.get(frame[0]), frame)
        return frame

    def expect_json(self, ftype, timeout=TIMEOUT):
        return json.loads(self.expect(ftype, timeout)[3].decode("utf-8"))

    def handshake(self):
        hello = self.expect_json(P.HELLO)
        ready = self.expect_json(P.READY)
        assert ready == {}
        return hello

    def send(self, ftype, fid=0, payload=b"", flags=0):
        self.sock.sendall(P.encode_frame(ftype, flags, fid, payload))

    def request(self, fid, body, path="", timeout_ms=0):
        self.send(P.REQUEST, fid, P.encode_request(timeout_ms, path, body))

    def response(self, timeout=TIMEOUT):
        """Reads one RESPONSE: returns (id, status, flags, body)."""
        ftype, flags, fid, payload = self.expect(P.RESPONSE, timeout)
        status, body = P.decode_response(payload)
        return fid, status, flags, body

    def call(self, fid, body, path=""):
        self.request(fid, body, path)
        rid, status, flags, out = self.response()
        assert rid == fid
        return status, flags, out

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
