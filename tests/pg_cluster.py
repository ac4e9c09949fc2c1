"""Real servers for tests that need the real thing: PostgreSQL, Redis, gunicorn.

Nothing here touches a server the tests did not start (in particular never the
shared PostgreSQL on port 5432): every server gets its own temporary
directory and a spare port on 127.0.0.1, and is stopped, and its directory
removed, when its ``with`` block ends, whether the test passed or not::

    with PostgresCluster() as cluster, RedisServer() as redis, AppCopy() as app:
        env = site_env(cluster.create_database("guide"), REDIS_URL=redis.url)
        prepare_site(app, env)
        with Gunicorn(app, env, name="a") as server:
            visitor = Visitor(server.base)
            visitor.post("/plan/questions/", {"text": "Hi?", "audience": "doctor"})
            cluster.stop()  # the database goes away under the running site...
            cluster.start()  # ...and comes back

* ``PostgresCluster``: ``initdb``, ``start``, ``stop`` (``pg_ctl stop -m fast``
  by default), ``restart``, ``create_database``, ``sql``. PostgreSQL refuses
  to run as root, so when the tests run as root its commands run as the
  ``postgres`` OS user, in a directory that user owns. fsync stays on (the
  server's default): what was acknowledged must survive a stop.
* ``RedisServer``: Debian's ``redis-server``, nothing saved to disk.
* ``AppCopy``: the application's code, templates, static sources and
  fixtures copied into a temporary directory, so that the site under test
  has a ``var/`` of its own. The checkout's ``var/`` is shared by everything
  run from it: its ``content-version`` file is what invalidates every
  process's in-memory page cache (any ``load_content`` or content save,
  from any test run in the same checkout, touches it), and ``collectstatic``
  rewrites its ``static/``. Run from the checkout, a test that relies on a
  page staying cached fails whenever someone else's tests run alongside,
  and these tests would empty everybody else's page caches.
* ``site_env`` and ``prepare_site``: the environment a production-like site
  runs with (no inherited ``DJANGO_*``, ``DATABASE_*``, ``REDIS_URL`` or
  ``PG*`` variables) and the ``manage.py`` steps that ready a fresh database.
* ``Gunicorn``: the repository's ``gunicorn.conf.py`` (gthread workers) on a
  spare port, its error log in a file; ``start`` waits for ``/healthz``.
* ``Visitor``: one browser's cookie jar over plain ``http.client``: no
  redirect followed, any status returned (never raised), the CSRF token
  fetched once from ``/clinics/``, and an optional source address so that
  tests can be several clients (127.0.0.2, 127.0.0.3... all reach 127.0.0.1).

A missing binary fails the test with a message naming the package to
install; nothing is skipped.
"""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Self

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
REDIS_SERVER = Path("/usr/bin/redis-server")
SECRET_KEY = "tests-only-not-a-real-secret-for-real-servers-0123456789abcdefghij"
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RESUME_CODE = re.compile(r'<span class="resume-code">([^<]+)</span>')
RESUME_LINK = re.compile(r'<input[^>]*id="resume-link"[^>]*value="([^"]+)"')
# Variables that would point the site, or psycopg, somewhere else.
FOREIGN_ENV = ("DJANGO_", "DATABASE_", "REDIS_URL", "PG", "GUNICORN_CMD_ARGS")


def require(*binaries: Path, package: str) -> None:
    """Fail the test (not skip it) if a server binary is missing."""
    missing = [str(path) for path in binaries if not os.access(path, os.X_OK)]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: install Debian's {package} "
            f"(apt-get install -y {package}) to run these tests.",
            pytrace=False,
        )


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, seconds: float, what: str, interval: float = 0.1):
    """Call ``check`` until it returns something true; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {seconds:.0f} s", pytrace=False)
        time.sleep(interval)


def _run(command: list[str], *, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(FOREIGN_ENV)}


class RunsInBlock:
    """``with`` starts it (and cleans up if starting fails); leaving the block
    closes it. Subclasses give ``begin`` (by default ``start``) and ``close``."""

    def begin(self) -> None:
        self.start()

    def __enter__(self) -> Self:
        try:
            self.begin()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class PostgresCluster(RunsInBlock):
    """A PostgreSQL 15 cluster of its own: a temporary directory, a spare port,
    trust authentication, listening on 127.0.0.1 only (and a Unix socket in
    its own directory). ``with`` starts it; leaving the block stops it and
    removes the directory."""

    def __init__(self) -> None:
        require(PG_BIN / "initdb", PG_BIN / "pg_ctl", PG_BIN / "postgres", PG_BIN / "psql",
                package="postgresql-15")  # fmt: skip
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="test-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.as_root = os.geteuid() == 0
        if self.as_root:  # initdb and postgres refuse to run as root
            shutil.chown(self.root, "postgres", "postgres")

    def _command(self, *command: str) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *command] if self.as_root else list(command)

    def _pg(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        command = self._command(str(PG_BIN / tool), *args)
        return _run(command, timeout=timeout, env=_clean_env(), cwd=self.root)

    def initdb(self) -> None:
        # --no-sync only skips initdb's one-off flush of the files it writes;
        # the server itself runs with fsync on (checked in start()).
        self._pg("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._pg("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w",
                 "-t", "60", "-o", options)  # fmt: skip
        fsync = self.sql("SHOW fsync").strip()
        assert fsync == "on", f"the test cluster must run with fsync on, not {fsync!r}"

    def stop(self, mode: str = "fast") -> None:
        """``pg_ctl stop -m fast``: connected sessions are ended, the server
        shuts down cleanly (a checkpoint); returns once it is down."""
        self._pg("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w", "-t", "60")

    def restart(self) -> None:
        self.stop()
        self.start()

    def is_running(self) -> bool:
        command = self._command(str(PG_BIN / "pg_ctl"), "status", "-D", str(self.data))
        return subprocess.run(command, capture_output=True, env=_clean_env()).returncode == 0

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement with psql over TCP on this cluster's port; its
        unaligned output."""
        return self._pg("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        "-d", database, "-v", "ON_ERROR_STOP=1", "-XAtq",
                        "-c", statement).stdout  # fmt: skip

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create a database; its DATABASE_URL."""
        assert re.fullmatch(r"[a-z_][a-z0-9_]*", name), name
        self.sql(f"CREATE DATABASE {name}")
        return self.url(name)

    def close(self) -> None:
        """Stop the server if it runs (fast, then immediate) and remove its files."""
        try:
            if self.data.exists() and self.is_running():
                command = self._command(str(PG_BIN / "pg_ctl"), "stop", "-D", str(self.data),
                                        "-m", "fast", "-w", "-t", "30")  # fmt: skip
                if subprocess.run(command, capture_output=True, env=_clean_env()).returncode:
                    command[command.index("fast")] = "immediate"
                    subprocess.run(command, capture_output=True, env=_clean_env())
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def begin(self) -> None:
        self.initdb()
        self.start()


class RedisServer(RunsInBlock):
    """Debian's redis-server on a spare port, keeping nothing on disk."""

    def __init__(self) -> None:
        require(REDIS_SERVER, package="redis-server")
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="test-redis-"))
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        command = [str(REDIS_SERVER), "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", "--dir", str(self.root),
                   "--logfile", str(self.root / "redis.log")]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=self.root, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)  # fmt: skip

        def ready() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"redis-server exited {self.process.returncode}", pytrace=False)
            return self.ping()

        wait_until(ready, 15, "redis-server answering PING")

    def close(self) -> None:
        try:
            _stop_process(self.process)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _stop_process(process: subprocess.Popen | None, timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL if it does not exit in time."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


# What the site needs to run: settings, apps, templates, static sources,
# content fixtures, and the two entry points. Not the tests, not var/.
APP_PARTS = ("config", "guide", "clinics", "plans", "templates", "static", "fixtures", "locale",
             "manage.py", "gunicorn.conf.py")  # fmt: skip


class AppCopy:
    """The application copied into a temporary directory with an empty
    ``var/``: settings find their base directory from their own file, so
    everything the site writes (collected static files, the page cache's
    content version) stays in the copy. Python imports the copy's packages
    first (the current directory comes before the editable install)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="test-app-"))
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for part in APP_PARTS:
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, self.root / part, ignore=ignore)
            elif source.is_file():
                shutil.copy2(source, self.root / part)
        (self.root / "var").mkdir()

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Path:
        return self.root

    def __exit__(self, *exc_info) -> None:
        self.close()


def site_env(database_url: str, **extra: str) -> dict[str, str]:
    """A production-like environment for manage.py and gunicorn: DEBUG off,
    plain HTTP, the given database, and nothing inherited that could point
    the site at another server."""
    return {
        **_clean_env(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        **extra,
    }


def manage(app: Path, env: dict[str, str], *args: str) -> None:
    _run([sys.executable, "manage.py", *args], env=env, cwd=app)


PREPARE_DATABASE = """
import django
from django.core.management import call_command

django.setup()
call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable", verbosity=0)
call_command("load_content", verbosity=0)
"""


def prepare_site(app: Path, env: dict[str, str]) -> None:
    """Ready a fresh database and the app's collected static files.
    ``collectstatic`` (the slowest step, and no database) runs alongside."""
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    static = subprocess.Popen(command, cwd=app, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        # manage.py migrate, createcachetable and load_content, in one process.
        _run([sys.executable, "-c", PREPARE_DATABASE], env=env, cwd=app, timeout=300)
        output, _ = static.communicate(timeout=300)
    except BaseException:
        static.kill()
        static.communicate()
        raise
    if static.returncode != 0:
        pytest.fail(f"collectstatic exited {static.returncode}:\n{output}", pytrace=False)


class Gunicorn(RunsInBlock):
    """The site under gunicorn with the repository's gunicorn.conf.py, run
    from ``app`` (an ``AppCopy``), on a spare port. ``with`` starts it and
    waits for ``/healthz`` to answer 200; leaving the block stops it
    (SIGTERM, then SIGKILL)."""

    def __init__(
        self, app: Path, env: dict[str, str], *, name: str = "site", workers: int = 2
    ) -> None:
        self.app, self.env, self.name, self.workers = app, env, name, workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.root = Path(tempfile.mkdtemp(prefix=f"test-gunicorn-{name}-"))
        self.log = self.root / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.launch()
        self.wait_until_healthy()

    def launch(self) -> None:
        """Start gunicorn without waiting for it (to start several at once)."""
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                   "-b", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                   "--control-socket", str(self.root / "gunicorn.ctl")]  # fmt: skip
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(command, cwd=self.app, env=self.env, stdout=out,
                                            stderr=out)  # fmt: skip

    def wait_until_healthy(self, seconds: float = 60) -> None:
        def healthy() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn {self.name} exited:\n{self.log_text()}", pytrace=False)
            try:
                return Visitor(self.base).get("/healthz").status == 200
            except OSError:
                return False

        wait_until(healthy, seconds, f"gunicorn {self.name} answering /healthz with 200")

    def stop(self) -> None:
        _stop_process(self.process, timeout=30)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def close(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class Response:
    status: int
    headers: Message
    body: str

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name, default)


@dataclass
class Visitor:
    """One browser: its cookies, sent back to the same site; redirects are
    returned, not followed. ``source`` is the local address it connects
    from (any 127.x.y.z), so that one machine can be several clients."""

    base: str
    source: str | None = None
    timeout: float = 30
    cookies: dict[str, str] = field(default_factory=dict)
    csrf_token: str | None = None

    def request(
        self, method: str, path: str, data: dict | None = None, headers: dict | None = None
    ) -> Response:
        parts = urllib.parse.urlsplit(self.base)
        source = (self.source, 0) if self.source else None
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=self.timeout, source_address=source
        )
        sent = dict(headers or {})
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for set_cookie in response.headers.get_all("Set-Cookie") or []:
            self._keep(set_cookie)
        return Response(response.status, response.headers, text)

    def _keep(self, set_cookie: str) -> None:
        pair, _sep, attributes = set_cookie.partition(";")
        name, _eq, value = pair.strip().partition("=")
        expired = re.search(r"(?i)max-age=0(?!\d)", attributes) or value in ("", '""')
        if expired:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def token(self) -> str:
        """The CSRF token for this visitor's forms, from /clinics/ (once)."""
        if self.csrf_token is None:
            page = self.get("/clinics/")
            assert page.status == 200, f"/clinics/ answered {page.status}"
            self.csrf_token = CSRF_TOKEN.search(page.body).group(1)
        return self.csrf_token

    def post(self, path: str, data: dict, headers: dict | None = None) -> Response:
        """A form sent as the browser sends it, with the CSRF token."""
        return self.request(
            "POST", path, {"csrfmiddlewaretoken": self.token(), **data}, headers=headers
        )

    def resume_code_and_link(self) -> tuple[str, str]:
        """The plan's six-word code and private link, as the plan page shows them."""
        page = self.get("/plan/")
        assert page.status == 200, f"/plan/ answered {page.status}"
        code, link = RESUME_CODE.search(page.body), RESUME_LINK.search(page.body)
        assert code and link, "the plan page shows no resume code or link"
        return code.group(1).strip(), urllib.parse.urlsplit(link.group(1)).path


@contextlib.contextmanager
def site_on_postgres(database: str = "guide", **extra_env: str):
    """A copy of the app and a prepared database on a throwaway cluster:
    yields (cluster, app, env)."""
    with PostgresCluster() as cluster, AppCopy() as app:
        env = site_env(cluster.create_database(database), **extra_env)
        prepare_site(app, env)
        yield cluster, app, env
