"""Benchmark: the site under a crowd, served by gunicorn with production settings.

    .venv/bin/python bench/http_load.py [seconds]

Builds a throwaway database (SQLite in a temporary directory, or the server
named by BENCH_DATABASE_URL), starts gunicorn with the repository's
gunicorn.conf.py (2 workers) on a spare port, and prints, from one run:

* a guide section (from the page cache) beside a static file, each under 32
  connections with wrk, in turn and twice: requests per second and p50, the
  throughput ratio (target >= 0.5) and the p50 ratio (target <= 2);
* a checklist save (an htmx POST, as the page sends it) under 8 connections:
  p50 and p99;
* the plan's PDF: the first download (made), then downloads under 2
  connections (the cached copy): p50 and p99;
* each worker's memory (RSS) after warming up and again after 10,000 more
  requests of every kind: flat within 10% (target).

Exits non-zero if a target is missed. wrk is Debian's (apt-get install wrk).
"""

import http.cookiejar
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUIDE_PAGE = "/guide/risks/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUESTION = re.compile(r'name="q-([a-z0-9-]+)-value"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} never answered")


def wrk(url: str, connections: int, seconds: int, script: str | None = None) -> dict:
    """Requests per second and latency percentiles (ms) from one wrk run."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for name in ("50%", "99%"):
        value, unit = re.search(rf"{name}\s+([\d.]+)(us|ms|s)", out).groups()
        figures[name] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["errors"] = int(errors.group(1)) if errors else 0
    return figures


class Visitor:
    """A browser's cookies and CSRF token, for a plan made through the site."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=60).read().decode()

    def post(self, path: str, data: dict) -> str:
        page = self.get("/clinics/")  # a form, for the CSRF cookie and token
        data = {"csrfmiddlewaretoken": TOKEN.search(page).group(1), **data}
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + path, body, timeout=60) as response:
            return response.geturl()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def csrf_cookie(self) -> str:
        return next(c.value for c in self.jar if "csrf" in c.name)


def worker_rss(master_pid: int) -> dict[int, int]:
    """Resident memory (kB) of each gunicorn worker, the master's children."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    rss = {}
    for pid in map(int, children):
        status = Path(f"/proc/{pid}/status").read_text()
        rss[pid] = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    return rss


def many_requests(base: str, visitor: Visitor, count: int, save_path: str, slug: str) -> int:
    """``count`` requests of every kind, one after another; the number that failed."""
    failed = 0
    anonymous = urllib.request.build_opener()
    token = visitor.csrf_cookie()
    for n in range(count):
        kind = n % 10
        try:
            if kind < 5:
                anonymous.open(base + ("/guide/", GUIDE_PAGE, "/guide/glossary/", "/",
                                       "/guide/costs/")[kind], timeout=30).read()  # fmt: skip
            elif kind < 7:
                visitor.opener.open(base + ("/plan/", "/clinics/")[kind - 5], timeout=30).read()
            elif kind < 9:
                body = urllib.parse.urlencode({f"q-{slug}-value": ("yes", "no")[kind - 7]})
                request = urllib.request.Request(
                    base + save_path, body.encode(),
                    headers={"X-CSRFToken": token, "HX-Request": "true"},
                )  # fmt: skip
                visitor.opener.open(request, timeout=30).read()
            else:
                anonymous.open(base + "/healthz", timeout=30).read()
        except OSError:
            failed += 1
    return failed


def main(seconds: int) -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install -y wrk)")
        return 2
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-" + "k3y-" * 12,
            "DJANGO_HTTPS": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/db.sqlite3",
        }
        for step in (["migrate"], ["createcachetable"], ["load_content"],
                     ["collectstatic", "--noinput"]):  # fmt: skip
            manage(env, *step, "-v0")
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
             "--workers", "2"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for(base + "/healthz")
            static = next((ROOT / "var/static/css").glob("site.*.css")).name
            static_url, guide_url = f"{base}/static/css/{static}", base + GUIDE_PAGE
            for _ in range(50):  # warm every worker's cache and templates
                urllib.request.urlopen(guide_url).read()
                urllib.request.urlopen(static_url).read()

            runs = {"static": [], "guide": []}
            for _ in range(2):
                runs["static"].append(wrk(static_url, 32, seconds))
                runs["guide"].append(wrk(guide_url, 32, seconds))
            rps = {k: statistics.median(r["rps"] for r in v) for k, v in runs.items()}
            p50 = {k: statistics.median(r["50%"] for r in v) for k, v in runs.items()}
            throughput, latency = rps["guide"] / rps["static"], p50["guide"] / p50["static"]
            verdict = throughput >= 0.5 and latency <= 2
            ok &= verdict
            print(f"static file: {rps['static']:.0f} req/s, p50 {p50['static']:.1f} ms "
                  f"(32 connections, {seconds} s, median of 2)")  # fmt: skip
            print(f"guide section {GUIDE_PAGE}: {rps['guide']:.0f} req/s, "
                  f"p50 {p50['guide']:.1f} ms")  # fmt: skip
            print(f"  throughput ratio {throughput:.2f} (target >= 0.5), p50 ratio "
                  f"{latency:.2f} (target <= 2): {'meets' if verdict else 'MISSES'}")  # fmt: skip

            visitor = Visitor(base)
            group = visitor.post("/clinics/add/", {"name": "Bench clinic", "city": "Tijuana"})
            public_id = urllib.parse.urlsplit(group).path.split("/")[2]
            slug = QUESTION.search(visitor.get(urllib.parse.urlsplit(group).path)).group(1)
            save_path = f"/clinics/{public_id}/answers/{slug}/"
            script = Path(tmp) / "save.lua"
            body = urllib.parse.urlencode({f"q-{slug}-value": "no"})
            script.write_text(
                'wrk.method = "POST"\n'
                f'wrk.body = "{body}"\n'
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
                f'wrk.headers["Cookie"] = "{visitor.cookie_header()}"\n'
                f'wrk.headers["X-CSRFToken"] = "{visitor.csrf_cookie()}"\n'
                'wrk.headers["HX-Request"] = "true"\n'
            )
            saves = wrk(base + save_path, 8, seconds, str(script))
            print(f"checklist save (htmx POST, 8 connections): p50 {saves['50%']:.1f} ms, "
                  f"p99 {saves['99%']:.1f} ms, {saves['rps']:.0f} saves/s, "
                  f"{saves['errors']} errors")  # fmt: skip
            ok &= saves["errors"] == 0

            start = time.perf_counter()
            visitor.opener.open(base + "/plan/summary.pdf", timeout=60).read()
            first = time.perf_counter() - start
            pdf_script = Path(tmp) / "pdf.lua"
            pdf_script.write_text(f'wrk.headers["Cookie"] = "{visitor.cookie_header()}"\n')
            pdfs = wrk(base + "/plan/summary.pdf", 2, seconds, str(pdf_script))
            print(f"plan PDF: first download (made) {first * 1000:.0f} ms; then the cached copy "
                  f"(2 connections): p50 {pdfs['50%']:.1f} ms, p99 {pdfs['99%']:.1f} ms, "
                  f"{pdfs['errors']} errors")  # fmt: skip
            ok &= pdfs["errors"] == 0

            many_requests(base, visitor, 1000, save_path, slug)  # settle before the baseline
            before = worker_rss(server.pid)
            failed = many_requests(base, visitor, 10_000, save_path, slug)
            after = worker_rss(server.pid)
            growth = max(after[pid] / before[pid] for pid in before if pid in after)
            flat = growth <= 1.10 and failed == 0
            ok &= flat
            print("worker memory (RSS) before and after 10,000 requests: "
                  + ", ".join(f"{before[p] / 1024:.0f} -> {after.get(p, 0) / 1024:.0f} MB"
                              for p in before)
                  + f"; largest growth {(growth - 1) * 100:+.1f}% (target <= +10%), "
                  f"{failed} failed: {'meets' if flat else 'MISSES'}")  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8))
