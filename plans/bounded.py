"""Running a slow, memory-hungry job (a PDF) without risking the worker.

The job runs in a forked child process: the worker's thread only waits on a
pipe, so other requests keep being served, and a job that runs past its time
limit is killed, never the worker. One job at a time per worker process:
anyone else is told at once to try again in a moment.
"""

import os
import select
import signal
import threading
import time
import warnings
from collections.abc import Callable

_one_at_a_time = threading.Lock()


class Busy(Exception):
    """This worker is already running a job."""


class TimedOut(Exception):
    """The job did not finish in time and was stopped."""


class Failed(Exception):
    """The job raised an error (or its process died)."""


def run(job: Callable[[], bytes], *, timeout: float, wait: float = 0.0) -> bytes:
    """``job()``'s bytes, computed in a child process within ``timeout`` seconds."""
    acquired = _one_at_a_time.acquire(timeout=wait) if wait > 0 else _one_at_a_time.acquire(False)
    if not acquired:
        raise Busy
    try:
        return _run_in_child(job, timeout)
    finally:
        _one_at_a_time.release()


def _run_in_child(job: Callable[[], bytes], timeout: float) -> bytes:
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python warns that forking a threaded process may deadlock the child.
        # The child touches no lock another thread could hold (no database, no
        # logging), and if it ever did hang, the time limit below kills it.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: do the job, write the result, leave at once
        os.close(read_end)
        status = 1
        try:
            result = job()
            with os.fdopen(write_end, "wb") as out:
                out.write(result)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimedOut
            ready, _w, _x = select.select([read_end], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    except TimedOut:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read_end)
        _pid, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise Failed
    return b"".join(chunks)
