"""Running a slow, memory-hungry job (a PDF) without risking the site.

The job runs in a forked child process: the worker's thread only waits on a
pipe, so other requests keep being served, and a job that runs past its time
limit is killed, never the worker.

At most ``slots`` jobs run at once on the machine, whichever worker process
received them: each running job holds an exclusive lock on one slot file
(``fcntl.flock``, released by the kernel if the process dies). With every
slot taken, the visitor is told at once to try again in a moment.
"""

import fcntl
import os
import select
import signal
import time
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path


class Busy(Exception):
    """Every slot is running a job."""


class TimedOut(Exception):
    """The job did not finish in time and was stopped."""


class Failed(Exception):
    """The job raised an error (or its process died)."""


@contextmanager
def slot(directory: Path, slots: int, wait: float = 0.0):
    """Hold one of ``slots`` machine-wide slots for the duration of a block."""
    directory.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        for number in range(slots):
            handle = open(directory / f"slot-{number}.lock", "a")  # noqa: SIM115 - held below
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield number
                return
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
        if time.monotonic() >= deadline:
            raise Busy
        time.sleep(0.05)


def run(
    job: Callable[[], bytes], *, timeout: float, directory: Path, slots: int, wait: float = 0.0
) -> bytes:
    """``job()``'s bytes, computed in a child process within ``timeout`` seconds,
    in one of ``slots`` machine-wide slots."""
    with slot(directory, slots, wait):
        return _run_in_child(job, timeout)


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
