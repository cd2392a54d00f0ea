"""allspark: the Python processor SDK of Easel (compatible with PAI-EAS allspark).

    import allspark

    class MyProcessor(allspark.BaseProcessor):
        def initialize(self):
            self.model = ...
        def process(self, data):
            return b"result", 200

    if __name__ == "__main__":
        MyProcessor(worker_threads=10).run()

Under the Easel server (EASEL_SOCKET set) it speaks the worker protocol of docs/protocol.md; run by hand it
serves HTTP on 127.0.0.1:8080 (POST /test or /api/predict/<name>; EASEL_LOCAL_PORT changes the port).
"""
import threading

from ._processor import BaseProcessor
from ._queued import Context, QueuedService

__version__ = "0.1.0"

__all__ = ["BaseProcessor", "Context", "QueuedService", "Properties", "default_properties", "__version__"]


class Properties(object):
    """Key/value settings (kept for compatibility with PAI-EAS; stored in memory only)."""

    def __init__(self):
        self._values = {}
        self._lock = threading.Lock()

    def put(self, key, value):
        with self._lock:
            self._values[key] = value

    def get(self, key, default=None):
        with self._lock:
            return self._values.get(key, default)

    def __contains__(self, key):
        return key in self._values


_default_properties = Properties()


def default_properties():
    return _default_properties
