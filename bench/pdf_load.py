"""Benchmark: the health check and guide pages while three worst-case PDFs render at once.

    .venv/bin/python bench/pdf_load.py

Serves the site as production does (gunicorn with the repo's gunicorn.conf.py: 3 gthread
workers of 4 threads, each worker making at most one PDF at a time in a child process) on
a free local port, opens three plans at the caps (10 clinics, 100 own questions, every
field and note at its longest: 114 pages), one per visitor, and asks for their three PDFs
at the same moment, each on a kept-alive connection to a different worker. (gunicorn gives
a new connection to whichever worker accepts it first, so three plain requests often meet
a worker already making a PDF, which answers 503 "busy" after the queue wait: then fewer
than three would render.) Meanwhile it asks for /healthz, /guide/ and one guide section
every 100 ms, each on a new connection.
Prints each PDF's status, size and time; the max and median latency of each polled page,
over the whole run and over the time all three rendered together; the CPU time spent (the
renders, the workers, everything else on the machine); and, for context, the health
check's latency on the same server while idle (the floor) with the ratio max-under-load /
idle median. Target: every polled page answers 200 within 2 s from the moment the PDFs
are asked for until the last one answers. Exits 1 if missed, or if a PDF was not made
(then three did not render to the end together).
It uses a throwaway SQLite database in a temporary directory (static files are collected
into var/static, as for the tests), so it touches no real data. Linux only (/proc).
"""

import http.client
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0
POLL_EVERY = 0.1
PLANS = 3
REQUEST_TIMEOUT = 60.0
PDF_PATH = "/plan/summary.pdf?paper=letter"
MAX_CONNECTIONS = 500  # to find three different workers
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SECTION_LINK = re.compile(r'href="(/guide/[a-z0-9-]+/)"')
NOT_SECTIONS = {"/guide/glossary/", "/guide/sources/", "/guide/about/", "/guide/start-here/"}


def make_plans(count: int) -> None:
    """In a child process (this script with --make-plans): the plans, their tokens as JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from plans.models import Plan
    from tests.plans.test_pdf import worst_case_plan

    tokens = []
    for _ in range(count):
        plan = worst_case_plan(
            clinics=Plan.MAX_CLINICS, own_questions=Plan.MAX_OWN_QUESTIONS, every_note=True
        )
        tokens.append(plan.token)  # read while this plan's key is the open one
    print(json.dumps(tokens))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(env: dict, *args: str) -> str:
    """A Python command in the repo, its output; its errors shown if it fails."""
    command = [sys.executable, *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


class Client:
    """One visitor: its own cookies, a fresh connection per request."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, bytes, float]:
        return self.request(urllib.request.Request(self.base + path))  # noqa: S310 - http only

    def post(self, path: str, fields: dict) -> tuple[int, bytes, float]:
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - http only
        return self.request(request)

    def request(self, request: urllib.request.Request) -> tuple[int, bytes, float]:
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        except OSError:  # refused, reset or timed out: a miss, recorded as such
            status, body = 0, b""
        return status, body, time.perf_counter() - start

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)


def open_plan(client: Client, token: str) -> None:
    """Follow the private link as a browser would: the page, then its form."""
    path = f"/plan/resume/{token}/"
    status, page, _seconds = client.get(path)
    match = CSRF_INPUT.search(page.decode())
    if status != 200 or match is None:
        raise SystemExit(f"the resume link page answered {status} without a form")
    status, _body, _seconds = client.post(path, {"csrfmiddlewaretoken": match.group(1)})
    if status != 200:  # the redirect to the plan page, followed
        raise SystemExit(f"opening a plan answered {status}")


def wait_until_up(client: Client, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        if client.get("/healthz")[0] == 200:
            return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s:\n{log.read_text()[-3000:]}")


def process_stats(server: subprocess.Popen) -> dict[int, list[str]]:
    """/proc/<pid>/stat fields (from the state on) of each worker of this gunicorn."""
    workers = {}
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # not a process, or gone
            continue
        if int(fields[1]) == server.pid:
            workers[int(entry.name)] = fields
    return workers


def worker_holding(connection: http.client.HTTPConnection, port: int, workers) -> int | None:
    """The worker process at the other end of a connection (its socket, in /proc)."""
    ends = (f"{port:04X}", f"{connection.sock.getsockname()[1]:04X}")  # server's, ours
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()  # local address:port, remote address:port in hex, ... inode
        if (fields[1].rsplit(":", 1)[1], fields[2].rsplit(":", 1)[1]) == ends:
            inode = fields[9]
    for pid in workers:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) == f"socket:[{inode}]":
                    return pid
            except OSError:  # closed meanwhile
                continue
    return None


def one_connection_per_worker(port: int, server: subprocess.Popen, count: int):
    """Kept-alive connections, each answered by a different worker, and how many new
    connections each worker took meanwhile. An idle kept-alive connection is closed
    after gunicorn's keepalive (2 s), so each is used again within a second."""
    workers = process_stats(server)
    taken = dict.fromkeys(workers, 0)
    held: dict[int, tuple[http.client.HTTPConnection, float]] = {}
    for _attempt in range(MAX_CONNECTIONS):
        for pid, (kept, used) in list(held.items()):
            if time.perf_counter() - used > 1.0:
                kept.request("GET", "/healthz")
                kept.getresponse().read()
                held[pid] = (kept, time.perf_counter())
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        pid = worker_holding(connection, port, workers)
        if pid is not None:
            taken[pid] += 1
        if pid is None or pid in held:
            connection.close()
            continue
        held[pid] = (connection, time.perf_counter())
        if len(held) == count:
            return [kept for kept, _used in held.values()], sorted(taken.values(), reverse=True)
    raise SystemExit(f"{count} different workers not reached in {MAX_CONNECTIONS} connections")


def poll(client: Client, path: str, stop: threading.Event, out: list) -> None:
    """Ask for the page every POLL_EVERY seconds until stopped: (started, status, seconds)."""
    next_at = time.perf_counter()
    while not stop.is_set():
        started = time.perf_counter()
        status, _body, seconds = client.get(path)
        out.append((started, status, seconds))
        next_at += POLL_EVERY
        while next_at < time.perf_counter():  # a slow answer: skip the missed ticks
            next_at += POLL_EVERY
        stop.wait(next_at - time.perf_counter())


def fetch_pdf(connection, cookies: str, go: threading.Barrier, out: dict) -> None:
    go.wait()
    started = time.perf_counter()
    try:
        connection.request("GET", PDF_PATH, headers={"Cookie": cookies})
        response = connection.getresponse()
        status, body = response.status, response.read()
    except OSError:  # closed or timed out
        status, body = 0, b""
    finally:
        connection.close()
    what = "PDF" if body.startswith(b"%PDF-") else "not a PDF"
    if status == 503:
        what = "busy" if b"another PDF right now" in body else "too slow"
    out.update(started=started, seconds=time.perf_counter() - started, status=status,
               size=len(body), what=what)  # fmt: skip


def cpu_seconds(server: subprocess.Popen) -> dict[str, float]:
    """CPU time so far: the workers' own, their PDF children's (counted once each child
    has been waited for), this script's, and the whole machine's busy time."""
    tick = os.sysconf("SC_CLK_TCK")
    workers = process_stats(server).values()
    usage = os.times()
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(
            int, stat.readline().split()[1:9]
        )
    return {
        "workers": sum(int(fields[11]) + int(fields[12]) for fields in workers) / tick,
        "renders": sum(int(fields[13]) + int(fields[14]) for fields in workers) / tick,
        "script": usage.user + usage.system,
        "machine": (user + nice + system + irq + softirq + steal) / tick,
    }


def figures(samples: list) -> str:
    times = [seconds for _started, _status, seconds in samples]
    statuses = sorted({status for _started, status, _seconds in samples})
    return (f"{len(samples)} requests, statuses {statuses}, max {max(times):.3f} s, "
            f"median {statistics.median(times):.3f} s")  # fmt: skip


def bench(env: dict, workdir: Path) -> int:
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"load average at the start: {load} (other work on this machine skews the figures)")
    print("setting up: migrate, createcachetable, load_content, collectstatic, three plans...")
    run(env, "manage.py", "migrate", "--noinput")
    run(env, "manage.py", "createcachetable")  # the PDF cache lives in the database
    run(env, "manage.py", "load_content")
    run(env, "manage.py", "collectstatic", "--noinput")
    made = run(env, __file__, "--make-plans", str(PLANS))
    tokens = json.loads(made.strip().splitlines()[-1])

    port = free_port()
    log = workdir / "gunicorn.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
             # its own control socket, not the shared default in $HOME
             "--control-socket", str(workdir / "gunicorn.ctl")],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        return measure(port, tokens, server, log)
    finally:
        server.send_signal(signal.SIGTERM)  # graceful: the arbiter stops its workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def measure(port: int, tokens: list[str], server: subprocess.Popen, log: Path) -> int:
    base = f"http://127.0.0.1:{port}"
    anonymous = Client(base)
    wait_until_up(anonymous, server, log)
    index = anonymous.get("/guide/")[1].decode()
    section = next(link for link in SECTION_LINK.findall(index) if link not in NOT_SECTIONS)
    pages = ["/healthz", "/guide/", section]
    for _ in range(10):  # every worker past its first request (templates, URL patterns)
        for page in pages:
            anonymous.get(page)
    idle = []
    for _ in range(20):
        idle.append(anonymous.get("/healthz")[2])
        time.sleep(POLL_EVERY)

    visitors = [Client(base) for _token in tokens]
    for visitor, token in zip(visitors, tokens, strict=True):
        open_plan(visitor, token)
    stop = threading.Event()
    polled = {page: [] for page in pages}
    pollers = [
        threading.Thread(target=poll, args=(Client(base), page, stop, polled[page]))
        for page in pages
    ]
    go = threading.Barrier(len(visitors))
    results = [{} for _visitor in visitors]
    connections, taken = one_connection_per_worker(port, server, len(visitors))
    downloads = [
        threading.Thread(target=fetch_pdf, args=(connection, visitor.cookie_header(), go, out))
        for connection, visitor, out in zip(connections, visitors, results, strict=True)
    ]
    cpu_before, wall_before = cpu_seconds(server), time.perf_counter()
    for thread in downloads + pollers:
        thread.start()
    for thread in downloads:
        thread.join()
    stop.set()
    for thread in pollers:
        thread.join()
    cpu_after, wall = cpu_seconds(server), time.perf_counter() - wall_before
    cpu = {name: cpu_after[name] - cpu_before[name] for name in cpu_before}
    print(f"a connection to each of {len(visitors)} workers took {sum(taken)} new connections "
          f"(taken per worker: {taken})")  # fmt: skip
    return report(base, idle, results, polled, cpu, wall)


def report(base: str, idle: list, results: list, polled: dict, cpu: dict, wall: float) -> int:
    """Print the figures; 0 if the target is met, 1 if not."""
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    limit = os.environ.get("DJANGO_PDF_TIMEOUT", "45 (default)")
    queue = os.environ.get("DJANGO_PDF_QUEUE_WAIT", "0 (default)")
    print(f"server: gunicorn -c gunicorn.conf.py on {base}; {os.cpu_count()} CPUs, load average "
          f"{load} at the end; PDF time limit {limit} s, queue wait {queue} s")  # fmt: skip
    idle_median = statistics.median(idle)
    print(f"idle floor: /healthz median {idle_median * 1000:.1f} ms, "
          f"max {max(idle) * 1000:.1f} ms ({len(idle)} requests, one every 100 ms)")  # fmt: skip
    for number, result in enumerate(results, 1):
        print(f"PDF {number} (its own worker): {result['status']} {result['what']}, "
              f"{result['size'] / 1024:.0f} KB, {result['seconds']:.2f} s")  # fmt: skip
    # All three were in flight together until the first one answered.
    together_from = max(result["started"] for result in results)
    together_until = min(result["started"] + result["seconds"] for result in results)
    print(f"all three PDFs in flight together for {together_until - together_from:.2f} s")

    missed = []
    for page, samples in polled.items():
        print(f"{page} while the PDFs were asked for: {figures(samples)}")
        during = [sample for sample in samples if together_from <= sample[0] <= together_until]
        if during:
            print(f"    of which while all three rendered: {figures(during)}")
        if any(status != 200 or seconds > TARGET_SECONDS for _t, status, seconds in samples):
            missed.append(page)
    worst = max(seconds for _started, _status, seconds in polled["/healthz"])
    print(f"/healthz max under load / idle median: {worst / idle_median:.1f}x")
    others = cpu["machine"] - cpu["workers"] - cpu["renders"] - cpu["script"]
    print(f"CPU time meanwhile ({wall:.1f} s x {os.cpu_count()} CPUs = "
          f"{wall * os.cpu_count():.1f} CPU-s): PDF renders {cpu['renders']:.1f} s, gunicorn "
          f"workers {cpu['workers']:.1f} s, this script {cpu['script']:.1f} s, everything "
          f"else on the machine {max(0.0, others):.1f} s")  # fmt: skip

    code = 0
    if missed:
        print(f"verdict: MISSES the {TARGET_SECONDS:g} s target (slow or not 200): "
              f"{', '.join(missed)}")  # fmt: skip
        code = 1
    else:
        print(f"verdict: meets the target: while three worst-case PDFs rendered at once, every "
              f"polled page answered 200 within {TARGET_SECONDS:g} s")  # fmt: skip
    made = sum(result["what"] == "PDF" and result["status"] == 200 for result in results)
    if made < len(results):
        print(f"PDFs: MISSED: only {made} of {len(results)} made (see above)")
        code = 1
    else:
        print(f"PDFs: all {made} made")
    return code


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="pdf-load-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "GUNICORN_CMD_ARGS"  # the repo's configuration, as it stands
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-not-a-real-secret-0123456789abcdefghijklmnop",  # noqa: S106
        DJANGO_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    try:
        return bench(env, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--make-plans"]:
        make_plans(int(sys.argv[2]))
    else:
        sys.exit(main())
