"""Shared pieces: request objects, result normalization, the worker pool, exits."""
import operator
import os
import sys
import threading
import time
import traceback

from . import _protocol as P


def log(msg):
    """One line to stderr (the instance log)."""
    try:
        sys.stderr.write("allspark: %s\n" % msg)
        sys.stderr.flush()
    except Exception:
        pass


def hard_exit(code):
    """Flushes stdio and ends the process now, whatever threads are still busy."""
    for f in (sys.stdout, sys.stderr):
        try:
            f.flush()
        except Exception:
            pass
    os._exit(code)


# ---- results ----------------------------------------------------------------------------------

def to_bytes(value):
    """bytes/bytearray/memoryview as is, str as UTF-8, None as empty, anything else as str(x)."""
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    return str(value).encode("utf-8")


def normalize_status(status):
    """Returns (status, error message or None)."""
    code = None
    if not isinstance(status, bool):
        try:
            code = operator.index(status)
        except TypeError:
            code = None
    if code is None:
        return 500, "invalid status %r" % (status,)
    if code == 0 or code == 200:
        return 200, None
    if 100 <= code <= 599:
        return code, None
    return 500, "invalid status %s" % (code,)


def normalize_result(result):
    """A process() return value -> (status, flags, body)."""
    if isinstance(result, tuple) and len(result) == 2:
        response, status = result
    else:
        response, status = result, 200
    code, err = normalize_status(status)
    if err is not None:
        return code, P.FLAG_ERROR, err.encode("utf-8")
    return code, 0, to_bytes(response)


def exception_message(exc):
    name = type(exc).__name__
    try:
        msg = str(exc)
    except Exception:
        msg = ""
    return "%s: %s" % (name, msg) if msg else name


def error_result(exc):
    """An exception raised by process() -> (400, ERROR, "<Type>: <message>")."""
    return 400, P.FLAG_ERROR, exception_message(exc).encode("utf-8", "replace")


# ---- requests ---------------------------------------------------------------------------------

_QUEUED, _STARTED, _CANCELLED = 0, 1, 2


class Request(object):
    """One unit of work: a body, the sub-path, and where to send the single answer.

    Lock-free on purpose (this is the hot path): claiming is list.pop() on a one-element
    list, which the interpreter does atomically, so exactly one of start() and cancel()
    wins, and respond() sends at most once.
    """

    __slots__ = ("body", "path", "request_id", "deadline", "_responder", "_claim", "_answer", "_state")

    def __init__(self, body, path="", responder=None, timeout_ms=0, request_id=None):
        self.body = body
        self.path = path
        self.request_id = request_id
        self.deadline = (time.monotonic() + timeout_ms / 1000.0) if timeout_ms else None
        self._responder = responder
        self._claim = [True]
        self._answer = [True]
        self._state = _QUEUED

    def start(self):
        """Claims the request for processing; False if it was cancelled (then skip it)."""
        try:
            self._claim.pop()
        except IndexError:
            return False
        self._state = _STARTED
        return True

    def cancel(self):
        """Drops the request if it has not started; True if dropped (it will never be answered)."""
        try:
            self._claim.pop()
        except IndexError:
            return False
        self._state = _CANCELLED
        try:
            self._answer.pop()
        except IndexError:
            pass
        return True

    @property
    def cancelled(self):
        return self._state == _CANCELLED

    def respond(self, status, flags, body):
        """Sends the answer once; later calls are ignored (returns False)."""
        try:
            self._answer.pop()
        except IndexError:
            return False
        if self._responder is not None:
            self._responder(status, flags, body)
        return True


class BatchJob(object):
    """A BATCH_REQUEST: items answered one by one, sent back together in order."""

    def __init__(self, items, path, timeout_ms, on_done):
        self.path = path
        self._on_done = on_done  # called with a list of (status, flags, body), or None if dropped
        self._lock = threading.Lock()
        self._results = [None] * len(items)
        self._remaining = len(items)
        self._dropped = 0
        self.subs = [Request(body, path, self._responder(i), timeout_ms) for i, body in enumerate(items)]
        if not items:
            on_done([])

    def _responder(self, index):
        def respond(status, flags, body):
            self._finish_item(index, (status, flags, body))
        return respond

    def _finish_item(self, index, result, dropped=False):
        with self._lock:
            self._results[index] = result
            self._remaining -= 1
            if dropped:
                self._dropped += 1
            done = self._remaining == 0
            all_dropped = self._dropped == len(self._results)
        if done:
            self._on_done(None if all_dropped else list(self._results))

    def cancel(self):
        for i, sub in enumerate(self.subs):
            if sub.cancel():
                self._finish_item(i, (503, P.FLAG_ERROR, b"cancelled"), dropped=True)


# ---- the processor worker pool ----------------------------------------------------------------

class ProcessorPool(object):
    """worker_threads threads taking Requests / BatchJobs from a queue and calling process()."""

    def __init__(self, processor, threads):
        import queue
        self.processor = processor
        self.threads = max(1, int(threads))
        self._queue = queue.SimpleQueue()  # lighter than Queue: no task accounting, C implementation
        self._started = False
        self._start_lock = threading.Lock()

    def start(self):
        with self._start_lock:
            if self._started:
                return
            self._started = True
            for i in range(self.threads):
                t = threading.Thread(target=self._loop, name="allspark-worker-%d" % i)
                t.daemon = True
                t.start()

    def submit(self, req):
        self._queue.put(req)

    def submit_batch(self, job):
        self._queue.put(job)

    def _loop(self):
        while True:
            item = self._queue.get()
            try:
                if isinstance(item, BatchJob):
                    self._run_batch(item)
                elif item.start():
                    item.respond(*self._call(item.body))
            except BaseException:  # never let a worker thread die
                traceback.print_exc()

    def _call(self, body):
        try:
            return normalize_result(self.processor.process(body))
        except Exception as e:
            traceback.print_exc()
            sys.stderr.flush()
            return error_result(e)

    def _run_batch(self, job):
        subs = [s for s in job.subs if s.start()]
        if not subs:
            return
        batch_fn = _overridden_process_batch(self.processor)
        if batch_fn is None:
            for s in subs:
                s.respond(*self._call(s.body))
            return
        try:
            results = list(batch_fn([s.body for s in subs]))
            if len(results) != len(subs):
                raise ValueError("process_batch returned %d results for %d items" % (len(results), len(subs)))
            out = [normalize_result(r) for r in results]
        except Exception as e:
            traceback.print_exc()
            sys.stderr.flush()
            out = [error_result(e)] * len(subs)
        for s, r in zip(subs, out):
            s.respond(*r)


def _overridden_process_batch(processor):
    fn = getattr(processor, "process_batch", None)
    if fn is None:
        return None
    from . import _processor
    base = getattr(_processor.BaseProcessor, "process_batch", None)
    if getattr(fn, "__func__", None) is base:
        return None
    return fn
