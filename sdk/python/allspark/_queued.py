"""Low-level queued API: Context(io_threads).queued_service(), then read() / write() / error() from your threads."""
import os
import threading
import time

from . import _protocol as P
from ._core import log, normalize_status, to_bytes


class QueuedService(object):
    """Requests wait in a queue; each user thread reads one, then answers it with write() or error().

    write()/error() answer the request that the calling thread last read().
    """

    def __init__(self):
        import queue
        self._queue = queue.Queue()
        self._local = threading.local()

    # backend interface (used by the managed connection and the local HTTP server)
    def submit(self, req):
        self._queue.put(req)

    def submit_batch(self, job):
        for sub in job.subs:
            self._queue.put(sub)

    # user interface
    def read(self):
        """Blocks until a request arrives; returns its body (bytes)."""
        while True:
            req = self._queue.get()
            if req.start():
                self._local.request = req
                return req.body

    def _take(self):
        req = getattr(self._local, "request", None)
        if req is None:
            raise RuntimeError("no request to answer: call read() first in this thread")
        self._local.request = None
        return req

    def write(self, data):
        """Answers the request this thread last read with status 200."""
        self._take().respond(200, 0, to_bytes(data))

    def error(self, code, data=b""):
        """Answers the request this thread last read with status `code` and body `data`."""
        req = self._take()
        status, err = normalize_status(code)
        if err is not None:
            req.respond(status, P.FLAG_ERROR, err.encode("utf-8"))
        else:
            req.respond(status, 0, to_bytes(data))


class Context(object):
    """allspark.Context(io_threads): the service starts serving when queued_service() is called."""

    def __init__(self, io_threads=4, worker_threads=None, endpoint=None, **kwargs):
        self.io_threads = max(1, int(io_threads or 1))
        self.worker_threads = int(worker_threads) if worker_threads else self.io_threads
        self.endpoint = endpoint
        self.kwargs = kwargs
        self._service = None
        self._lock = threading.Lock()

    def queued_service(self, *args, **kwargs):
        with self._lock:
            if self._service is None:
                service = QueuedService()
                self._start(service)
                self._service = service
            return self._service

    def _start(self, service):
        path = os.environ.get("EASEL_SOCKET")
        if path:
            from . import _managed
            conn = _managed.Connection(path, service, self.io_threads)
            _managed._connect_or_exit(conn)
            conn.send_hello()
            conn.start_reader()
            conn.send_ready()
            self._conn = conn
        else:
            from . import _local
            server = _local.make_server(service, self.endpoint)
            _local.banner("QueuedService", server)
            t = threading.Thread(target=_local.serve_forever, args=(server,), name="allspark-http")
            t.daemon = True
            t.start()
            self._server = server

    def run(self):
        """Blocks forever (serving happens in background threads)."""
        self.queued_service()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            log("stopped")
