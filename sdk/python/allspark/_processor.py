"""BaseProcessor: subclass it, override initialize() and process(data), call run()."""
import os
import sys
import traceback

from ._core import ProcessorPool, hard_exit, _overridden_process_batch


class BaseProcessor(object):
    """A processor as in PAI-EAS allspark.

    process(data: bytes) returns (response, status) or just a response. response may be bytes, bytearray,
    str (UTF-8), None (empty) or anything else (str(x)); status 0 or 200 means 200. An exception answers
    400 "<ExceptionType>: <message>" and the processor keeps serving.
    Optionally define process_batch(list_of_bytes) returning one result per item (for batching services).
    """

    def __init__(self, worker_threads=5, io_threads=4, worker_processes=1, endpoint=None, **kwargs):
        self.worker_threads = worker_threads
        self.io_threads = io_threads
        self.worker_processes = worker_processes
        self.endpoint = endpoint
        self.kwargs = kwargs

    def initialize(self):
        """Loads models; runs once per worker process before any request."""

    def process(self, data):
        raise NotImplementedError("%s must override process(data)" % type(self).__name__)

    def run(self):
        """Serves until stopped: managed by the Easel server when EASEL_SOCKET is set, else local HTTP."""
        worker_threads = max(1, int(getattr(self, "worker_threads", 5) or 5))
        worker_processes = max(1, int(getattr(self, "worker_processes", 1) or 1))
        path = os.environ.get("EASEL_SOCKET")
        if path:
            from . import _managed
            batching = _overridden_process_batch(self) is not None
            _managed.run_processor(self, path, worker_threads, worker_processes, batching)
            return
        self._run_local(worker_threads)

    def _run_local(self, worker_threads):
        from . import _local
        try:
            self.initialize()
        except Exception:
            traceback.print_exc()
            sys.stderr.write("allspark: initialize() failed\n")
            hard_exit(1)
        pool = ProcessorPool(self, worker_threads)
        pool.start()
        server = _local.make_server(pool, getattr(self, "endpoint", None))
        _local.banner(type(self).__name__, server)
        _local.serve_forever(server)
