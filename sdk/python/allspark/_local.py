"""Local test mode (no EASEL_SOCKET): plain HTTP on 127.0.0.1:8080 for `python app.py` by hand."""
import json
import os
import sys
import threading
import uuid

try:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
except ImportError:  # pragma: no cover - Python < 3.7
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from socketserver import ThreadingMixIn

    class ThreadingHTTPServer(ThreadingMixIn, HTTPServer):
        daemon_threads = True

from . import _protocol as P
from ._core import Request, log

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


def resolve_address(endpoint=None):
    """EASEL_LOCAL_PORT wins; else endpoint "host:port" or "port"; else 127.0.0.1:8080."""
    env_port = os.environ.get("EASEL_LOCAL_PORT")
    if env_port:
        return DEFAULT_HOST, int(env_port)
    if endpoint:
        ep = str(endpoint).strip()
        for prefix in ("http://", "tcp://"):
            if ep.startswith(prefix):
                ep = ep[len(prefix):]
        ep = ep.rstrip("/")
        if ":" in ep:
            host, _, port = ep.rpartition(":")
            host = host.strip("[]") or DEFAULT_HOST
            return host, int(port)
        if ep.isdigit():
            return DEFAULT_HOST, int(ep)
        return ep, DEFAULT_PORT
    return DEFAULT_HOST, DEFAULT_PORT


def route(path):
    """Returns the sub-path for /test[/...] and /api/predict/<name>[/...], else None."""
    path = path.split("?", 1)[0]
    if path == "/test" or path == "/test/":
        return ""
    if path.startswith("/test/"):
        return path[len("/test/"):]
    prefix = "/api/predict/"
    if path.startswith(prefix) and len(path) > len(prefix):
        rest = path[len(prefix):]
        _, _, sub = rest.partition("/")
        return sub
    return None


class _Handler(BaseHTTPRequestHandler):
    server_version = "allspark-local/0.1.0"
    protocol_version = "HTTP/1.1"
    backend = None  # set on a subclass

    def log_message(self, fmt, *args):  # keep the console quiet
        pass

    def _send(self, status, body, content_type=None, extra=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status, obj, extra=None):
        self._send(status, json.dumps(obj).encode("utf-8"), "application/json", extra)

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                line = self.rfile.readline().strip()
                size = int(line.split(b";", 1)[0] or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path in ("/healthz", "/health", "/"):
            self._send(200, b"ok", "text/plain")
        else:
            self._not_found()

    do_HEAD = do_GET

    def _not_found(self):
        self._json(404, {"code": "NotFound", "message": "no route for %s %s (POST /test or /api/predict/<name>)"
                         % (self.command, self.path.split("?", 1)[0])})

    def do_PUT(self):
        self._not_found()

    def do_POST(self):
        sub = route(self.path)
        body = self._read_body()
        if sub is None:
            self._not_found()
            return
        request_id = str(uuid.uuid4())
        done = threading.Event()
        answer = []

        def responder(status, flags, out):
            answer.append((status, flags, out))
            done.set()

        self.backend.submit(Request(body, sub, responder, request_id=request_id))
        done.wait()
        status, flags, out = answer[0]
        headers = {"X-Request-Id": request_id}
        if flags & P.FLAG_ERROR:
            self._json(status, {"code": "ProcessorError", "message": out.decode("utf-8", "replace"),
                                "request_id": request_id}, headers)
        else:
            self._send(status, out, None, headers)


def make_server(backend, endpoint=None):
    host, port = resolve_address(endpoint)
    handler = type("Handler", (_Handler,), {"backend": backend})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def banner(name, server):
    host, port = server.server_address[:2]
    log("serving %s at http://%s:%d (POST /test or /api/predict/<name>)" % (name, host, port))


def serve_forever(server):
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
    finally:
        server.server_close()
