"""Managed mode: the worker side of the Easel protocol over the Unix socket in EASEL_SOCKET."""
import os
import signal
import socket
import sys
import threading
import time
import traceback

from . import _protocol as P
from ._core import BatchJob, Request, exception_message, hard_exit, log


class Connection(object):
    """One connection to the server: HELLO, READY / INIT_ERROR, then frames until DRAIN or EOF."""

    def __init__(self, path, backend, worker_threads, batching=False, process_index=0, process_count=1):
        self.path = path
        self.backend = backend  # has submit(Request) and submit_batch(BatchJob)
        self.worker_threads = int(worker_threads)
        self.batching = bool(batching)
        self.process_index = process_index
        self.process_count = process_count
        self._sock = None
        self._rfile = None
        self._wlock = threading.Lock()
        self._pending = []
        self._writing = False
        self._cond = threading.Condition()
        self._inflight = {}  # id -> Request or BatchJob
        self._draining = False
        self._send_failed = False

    # ---- setup --------------------------------------------------------------------------------

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(self.path)
        self._sock = sock
        self._rfile = sock.makefile("rb")

    def send_hello(self):
        self.send(P.HELLO, 0, 0, P.encode_json({
            "protocol": P.PROTOCOL_VERSION,
            "pid": os.getpid(),
            "sdk": P.SDK_NAME,
            "worker_threads": self.worker_threads,
            "batching": self.batching,
            "process_index": self.process_index,
            "process_count": self.process_count,
            # Requests start in the order they arrive (one FIFO queue per connection): the
            # server may then resend the ones that never started if this process dies.
            "fifo": True,
        }))

    def send_ready(self):
        self.send(P.READY, 0, 0, b"{}")

    def send_init_error(self, exc, tb_text):
        payload = P.encode_json({"error": exception_message(exc), "traceback": tb_text})
        try:
            self.send(P.INIT_ERROR, 0, 0, payload, exit_code=None)
        except OSError:
            pass

    def start_reader(self):
        t = threading.Thread(target=self._read_loop, name="allspark-io")
        t.daemon = True
        t.start()
        return t

    # ---- I/O ----------------------------------------------------------------------------------

    def send(self, ftype, flags, fid, payload=b"", exit_code=0):
        self.send_raw(P.encode_frame(ftype, flags, fid, payload), exit_code)

    def send_raw(self, frame, exit_code=0):
        """Writes a frame. Frames queued while another thread is writing go out together in
        its next sendall (flat combining): under load, many answers cost one system call."""
        with self._wlock:
            self._pending.append(frame)
            if self._writing:
                return
            self._writing = True
        while True:
            with self._wlock:
                if not self._pending:
                    self._writing = False
                    return
                data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
                del self._pending[:]
            try:
                self._sock.sendall(data)
            except OSError as e:
                with self._wlock:
                    self._writing = False
                if exit_code is None:
                    raise
                if not self._send_failed:
                    self._send_failed = True
                    log("cannot write to the server (%s); exiting" % e)
                hard_exit(exit_code)  # the server is gone: nobody is left to answer

    def _read_loop(self):
        try:
            while True:
                frame = P.read_frame(self._rfile)
                if frame is None:
                    break
                self._dispatch(*frame)
        except P.ProtocolError as e:
            log("protocol error: %s" % e)
            hard_exit(1)
        except OSError:
            pass
        except BaseException:
            traceback.print_exc()
            hard_exit(1)
        # EOF: the server closed the connection (it stopped or replaced this instance).
        hard_exit(0)

    def _dispatch(self, ftype, flags, fid, payload):
        if ftype == P.PING:
            self.send(P.PONG, 0, fid)
        elif ftype == P.REQUEST:
            timeout_ms, path, body = P.decode_request(payload)
            if self._refuse(fid, P.RESPONSE):
                return
            req = Request(body, path, self._responder(fid), timeout_ms, request_id=fid)
            self._track(fid, req)
            self.backend.submit(req)
        elif ftype == P.BATCH_REQUEST:
            timeout_ms, path, items = P.decode_batch_request(payload)
            if self._refuse(fid, P.BATCH_RESPONSE, len(items)):
                return
            job = BatchJob(items, path, timeout_ms, self._batch_done(fid))
            if job.subs:
                self._track(fid, job)
                self.backend.submit_batch(job)
        elif ftype == P.CANCEL:
            item = self._inflight.get(fid)
            if item is None:
                return
            if isinstance(item, BatchJob):
                item.cancel()  # answers (or drops) itself once its started items are done
            elif item.cancel():
                self._untrack(fid)
        elif ftype == P.DRAIN:
            self._start_drain()
        else:
            log("ignoring frame type %d" % ftype)

    def _refuse(self, fid, rtype, count=0):
        if not self._draining:
            return False
        msg = b"worker is draining"
        if rtype == P.RESPONSE:
            self.send(P.RESPONSE, P.FLAG_ERROR, fid, P.encode_response(503, msg))
        else:
            self.send(P.BATCH_RESPONSE, 0, fid, P.encode_batch_response([(503, P.FLAG_ERROR, msg)] * count))
        return True

    # Plain dict operations are atomic; the condition is only needed once draining starts.
    def _track(self, fid, item):
        self._inflight[fid] = item

    def _untrack(self, fid):
        self._inflight.pop(fid, None)
        if self._draining:
            with self._cond:
                self._cond.notify_all()

    def _responder(self, fid):
        def respond(status, flags, body):
            try:
                self.send_raw(P.encode_response_frame(fid, status, flags, body))
            finally:
                self._untrack(fid)
        return respond

    def _batch_done(self, fid):
        def done(results):
            try:
                if results is not None:
                    self.send(P.BATCH_RESPONSE, 0, fid, P.encode_batch_response(results))
            finally:
                self._untrack(fid)
        return done

    # ---- drain --------------------------------------------------------------------------------

    def _start_drain(self):
        with self._cond:
            if self._draining:
                return
            self._draining = True
        t = threading.Thread(target=self._drain, name="allspark-drain")
        t.daemon = True
        t.start()

    def _drain(self):
        with self._cond:
            while self._inflight:
                self._cond.wait(0.5)
        self.send(P.GOODBYE, 0, 0)
        try:
            self._sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        hard_exit(0)


def _connect_or_exit(conn):
    try:
        conn.connect()
    except OSError as e:
        log("cannot connect to EASEL_SOCKET %s: %s" % (conn.path, e))
        hard_exit(1)


def _set_parent_death_signal():
    """Linux: die with the parent process (best effort)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _freeze_heap():
    """After initialize(): collect once, then move what exists (the model, often huge) out of
    the cyclic GC's reach, so its full collections stop walking it while serving (Python 3.7+)."""
    import gc
    gc.collect()
    if hasattr(gc, "freeze"):
        gc.freeze()


def serve_processor(processor, path, worker_threads, batching, process_index=0, process_count=1):
    """Runs one connection for a BaseProcessor; never returns."""
    from ._core import ProcessorPool
    pool = ProcessorPool(processor, worker_threads)
    conn = Connection(path, pool, worker_threads, batching, process_index, process_count)
    _connect_or_exit(conn)
    conn.send_hello()
    conn.start_reader()  # answers PING (and notices EOF) while initialize() runs
    try:
        processor.initialize()
    except BaseException as e:
        tb_text = traceback.format_exc()
        sys.stderr.write(tb_text)
        conn.send_init_error(e, tb_text)
        code = 1
        if isinstance(e, SystemExit) and isinstance(e.code, int) and e.code != 0:
            code = e.code
        hard_exit(code)
    _freeze_heap()
    pool.start()
    conn.send_ready()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        hard_exit(130)


def run_processor(processor, path, worker_threads, worker_processes, batching):
    n = max(1, int(worker_processes or 1))
    if n == 1:
        serve_processor(processor, path, worker_threads, batching)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    pids = []
    for i in range(n):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                _set_parent_death_signal()
                serve_processor(processor, path, worker_threads, batching, i, n)
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else 1
            except BaseException:
                traceback.print_exc()
            hard_exit(code)
        pids.append(pid)
    hard_exit(_wait_children(pids))


def _exit_code(status):
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return 1


def _wait_children(pids):
    alive = set(pids)

    def forward(signum, frame):
        for p in list(alive):
            try:
                os.kill(p, signum)
            except OSError:
                pass

    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            signal.signal(sig, forward)
        except (ValueError, OSError):
            pass

    result = 0
    while alive:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        if pid not in alive:
            continue
        alive.discard(pid)
        code = _exit_code(status)
        if code != 0 and result == 0:
            result = code
            log("worker process %d exited with code %d; stopping the others" % (pid, code))
            _kill_all(alive)
    return result


def _kill_all(pids):
    for p in list(pids):
        try:
            os.kill(p, signal.SIGTERM)
        except OSError:
            pass

    def later():
        time.sleep(3)
        for p in list(pids):
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass

    t = threading.Thread(target=later)
    t.daemon = True
    t.start()
