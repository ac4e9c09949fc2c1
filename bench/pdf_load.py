"""Benchmark: the health check and guide pages while three worst-case PDFs render at once.

    .venv/bin/python bench/pdf_load.py

Serves the site as production does (gunicorn with the repo's gunicorn.conf.py: 3 gthread
workers of 4 threads, each worker making at most one PDF at a time in a child process) on
a free local port, opens three plans at the caps (10 clinics, 100 own questions, every
field and note at its longest: 114 pages), one per client, and asks for their three PDFs
at the same moment; a request told "busy" (its worker is already making one) asks again
at once, so that three render together. Meanwhile it asks for /healthz, /guide/ and one
guide section every 100 ms, each on a new connection.
Prints each PDF's status, size, time and tries; the max and median latency of each polled
page, over the whole run and over the time all three rendered together; and, for context,
the health check's latency on the same server while idle (the floor) with the ratio
max-under-load / idle median. Target: every polled page answers 200 within 2 s from the
moment the PDFs are asked for until the last one answers. Exits 1 if missed, if the
three renders overlapped for under 2 s (nothing shown), or if a PDF was not made.
It uses a throwaway SQLite database in a temporary directory (static files are collected
into var/static, as for the tests), so it touches no real data.
"""

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
MAX_TRIES = 10  # of a PDF told "busy"
TOGETHER_AT_LEAST = 2.0  # seconds that all three renders must overlap for the claim to stand
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
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


class Client:
    """One visitor: its own cookies, a fresh connection per request."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

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


def fetch_pdf(client: Client, go: threading.Barrier, out: dict) -> None:
    """The PDF, asked for with the others. A worker makes one PDF at a time and tells a
    second visitor it is busy: then ask again at once (as a visitor told to try again
    in a moment would), so that three really do render together."""
    go.wait()
    out.update(started=time.perf_counter(), tries=[])
    for _try in range(MAX_TRIES):
        out["last_started"] = time.perf_counter()
        status, body, seconds = client.get("/plan/summary.pdf?paper=letter")
        what = "PDF" if body.startswith(b"%PDF-") else "not a PDF"
        if status == 503:
            what = "busy" if b"another PDF right now" in body else "too slow"
        out["tries"].append((status, what, seconds))
        if what != "busy":
            break
    out.update(status=status, size=len(body), pdf=what == "PDF",
               seconds=time.perf_counter() - out["started"])  # fmt: skip


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
    base = f"http://127.0.0.1:{port}"
    log = workdir / "gunicorn.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
             # its own control socket, not the shared default in $HOME
             "--control-socket", str(workdir / "gunicorn.ctl")],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        return measure(base, tokens, server, log)
    finally:
        server.send_signal(signal.SIGTERM)  # graceful: the arbiter stops its workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def cpu_seconds(server: subprocess.Popen) -> dict[str, float]:
    """CPU time so far (Linux /proc): the workers' own, their PDF children's (counted once
    each child has been waited for), this script's, and the whole machine's busy time."""
    tick = os.sysconf("SC_CLK_TCK")
    workers = children = 0.0
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # not a process, or gone
            continue
        if int(fields[1]) == server.pid:  # a worker of this gunicorn
            workers += (int(fields[11]) + int(fields[12])) / tick
            children += (int(fields[13]) + int(fields[14])) / tick
    usage = os.times()
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(
            int, stat.readline().split()[1:9]
        )
    machine = (user + nice + system + irq + softirq + steal) / tick
    return {"workers": workers, "pdf children": children,
            "this script": usage.user + usage.system, "machine": machine}  # fmt: skip


def measure(base: str, tokens: list[str], server: subprocess.Popen, log: Path) -> int:
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
    downloads = [
        threading.Thread(target=fetch_pdf, args=(visitor, go, result))
        for visitor, result in zip(visitors, results, strict=True)
    ]
    cpu_before, wall_before = cpu_seconds(server), time.perf_counter()
    for thread in pollers + downloads:
        thread.start()
    for thread in downloads:
        thread.join()
    stop.set()
    for thread in pollers:
        thread.join()
    cpu_after, wall = cpu_seconds(server), time.perf_counter() - wall_before
    cpu = {name: cpu_after[name] - cpu_before[name] for name in cpu_before}
    code = report(base, idle, results, polled)
    others = cpu["machine"] - cpu["workers"] - cpu["pdf children"] - cpu["this script"]
    print(f"CPU time while the PDFs were asked for ({wall:.1f} s on {os.cpu_count()} CPUs, "
          f"{wall * os.cpu_count():.1f} CPU-s in all): PDF renders {cpu['pdf children']:.1f} s, "
          f"gunicorn workers {cpu['workers']:.1f} s, this script {cpu['this script']:.1f} s, "
          f"everything else on the machine {max(0.0, others):.1f} s")  # fmt: skip
    return code


def report(base: str, idle: list[float], results: list[dict], polled: dict) -> int:
    """Print the figures; 0 if the target is met, 1 if not."""
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    limit = os.environ.get("DJANGO_PDF_TIMEOUT", "20 (default)")
    queue = os.environ.get("DJANGO_PDF_QUEUE_WAIT", "2 (default)")
    print(f"server: gunicorn -c gunicorn.conf.py on {base}; {os.cpu_count()} CPUs, load average "
          f"{load} at the end; PDF time limit {limit} s, queue wait {queue} s")  # fmt: skip
    idle_median = statistics.median(idle)
    print(f"idle floor: /healthz median {idle_median * 1000:.1f} ms, "
          f"max {max(idle) * 1000:.1f} ms ({len(idle)} requests, one every 100 ms)")  # fmt: skip

    for number, result in enumerate(results, 1):
        tries = "; ".join(f"{status} {what} in {seconds:.2f} s"
                          for status, what, seconds in result["tries"])  # fmt: skip
        print(f"PDF {number}: {result['status']}, {result['size'] / 1024:.0f} KB, "
              f"{result['seconds']:.2f} s in all ({tries})")  # fmt: skip
    busy = sum(what == "busy" for result in results for _status, what, _s in result["tries"])
    if busy:
        print(f"note: {busy} PDF request(s) told the site is busy (503) and asked again: gunicorn "
              "gives a connection to whichever worker accepts it first, and a worker already "
              "making a PDF refuses another after the queue wait")  # fmt: skip
    # The renders that were made all ran together from the last one's start (its last
    # try) until the first one's end.
    together_from = max(result["last_started"] for result in results)
    together_until = min(result["started"] + result["seconds"] for result in results)
    together = max(0.0, together_until - together_from)
    print(f"all three PDF renders in flight together for {together:.2f} s")

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

    made = sum(result["status"] == 200 and result["pdf"] for result in results)
    code = 0
    if together < TOGETHER_AT_LEAST:
        print(f"verdict: NOT SHOWN: the three renders were in flight together for only "
              f"{together:.2f} s (at least {TOGETHER_AT_LEAST:g} s wanted)")  # fmt: skip
        code = 1
    elif missed:
        print(f"verdict: MISSES the {TARGET_SECONDS:g} s target (slow or not 200): "
              f"{', '.join(missed)}")  # fmt: skip
        code = 1
    else:
        print(f"verdict: meets the target: while three worst-case PDFs rendered at once, every "
              f"polled page answered 200 within {TARGET_SECONDS:g} s")  # fmt: skip
    if made < len(results):
        print(f"PDFs: MISSED: only {made} of {len(results)} made (see their tries above)")
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
