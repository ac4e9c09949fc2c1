"""The site behind the real server: gunicorn with the repo's gunicorn.conf.py.

One gunicorn (3 gthread workers, as configured) serves a throwaway SQLite database
for the whole module; its error log (stderr) goes to a file the tests read.
"""

import logging
import os
import re
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "gunicorn.conf.py"
# Shaped like a real link's token (43 URL-safe characters), easy to find in a log.
SECRET = "SECRETtokenSECRETtokenSECRETtokenSECRET1234"
CSRF = "A" * 32  # a well-formed CSRF cookie value; the form sends the same
FORM = "application/x-www-form-urlencoded"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Server:
    base: str
    port: int
    log: Path

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None):
        """(status, headers, body), redirects not followed."""
        url = self.base + path  # always http://127.0.0.1
        request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        try:
            with urllib.request.build_opener(NoRedirects).open(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def log_text(self, expected: str, within: float = 10.0) -> str:
        """The error log once ``expected`` shows up in it (or the time is up)."""
        deadline = time.monotonic() + within
        text = self.log.read_text(errors="replace")
        while expected not in text and time.monotonic() < deadline:
            time.sleep(0.05)
            text = self.log.read_text(errors="replace")
        return text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Server:
    workdir = tmp_path_factory.mktemp("gunicorn")
    env = {key: value for key, value in os.environ.items() if key != "GUNICORN_CMD_ARGS"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_STATIC_ROOT=str(workdir / "static"),  # its own, as on a fresh clone
    )
    env.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-real-secret-0123456789abcdefghij")
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    static = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert static.returncode == 0, static.stdout + static.stderr
    port = free_port()
    log = workdir / "gunicorn.log"
    command = [
        sys.executable, "-m", "gunicorn", "-c", str(CONF), "-b", f"127.0.0.1:{port}",
        "--control-socket", str(workdir / "gunicorn.ctl"),  # not the shared one in $HOME
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    running = Server(f"http://127.0.0.1:{port}", port, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"gunicorn exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"gunicorn never answered:\n{log.read_text()}"
            try:
                if running.request("/healthz")[0] == 200:
                    break
            except OSError:  # not listening yet
                pass
            time.sleep(0.1)
        yield running
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_health_check_answers_and_the_server_header_names_no_version(server):
    status, headers, body = server.request("/healthz")
    assert status == 200
    assert body == b'{"status": "ok"}'
    assert headers["Server"] == "gunicorn"
    for path in ("/", "/no-such-page/", "/guide/"):
        _status, headers, _body = server.request(path)
        assert not re.search(r"\d", headers.get("Server", "")), path


def test_a_form_sent_in_a_foreign_charset_is_refused_with_400_not_500(server):
    """UTF-7 and a valid CSRF pair: only the charset can be wrong. The same form in
    UTF-8 is saved, so the 400 is not the CSRF check or the form."""
    cookie = {"Cookie": f"csrftoken={CSRF}"}
    body = f"csrfmiddlewaretoken={CSRF}&notes=+ADw-script+AD4-".encode()
    status, _headers, page = server.request(
        "/plan/notes/", body, {**cookie, "Content-Type": f"{FORM}; charset=utf-7"}
    )
    assert status == 400
    assert b"<h1>We could not read that</h1>" in page

    body = f"csrfmiddlewaretoken={CSRF}&notes=Ask about flying".encode()
    status, headers, _page = server.request(
        "/plan/notes/", body, {**cookie, "Content-Type": f"{FORM}; charset=utf-8"}
    )
    assert status == 302
    assert headers["Location"].startswith("/plan/")


def test_the_error_log_hides_a_resume_token_from_a_bad_request_line(server):
    """gunicorn itself logs a request line it cannot parse, path and all."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(f"GET /plan/resume/{SECRET}/\r\nHost: 127.0.0.1\r\n\r\n".encode())
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 400")
    log = server.log_text("Invalid request from ip=")
    assert "Invalid HTTP request line: 'GET /plan/resume/[redacted]/'" in log
    assert SECRET not in log


def test_no_access_log_names_a_resume_link(server):
    token = "LINKtokenLINKtokenLINKtokenLINKtokenLINK123"  # this test's own
    status, _headers, _page = server.request(f"/plan/resume/{token}/")
    assert status == 200
    server.request("/healthz")
    time.sleep(0.5)  # a log line for the link would be written by now
    assert "GET /healthz" not in server.log.read_text()  # no access log at all
    assert token not in server.log.read_text(errors="replace")


@pytest.fixture
def logging_restored():
    """gunicorn's Logger reconfigures logging for the whole process: put it back."""
    names = ["", "gunicorn.error", "gunicorn.access"]
    saved = {}
    for name in names:
        logger = logging.getLogger(name)
        saved[name] = (logger.handlers[:], logger.level, logger.propagate, logger.disabled)
    yield
    for name, (handlers, level, propagate, disabled) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate, logger.disabled = propagate, disabled


def test_gunicorns_error_log_goes_through_the_redaction_filter(capfd, logging_restored):
    """The messages gunicorn logs with a request's path, from its own Logger set up
    by gunicorn.conf.py as the server does: "Error handling request <method> <path>",
    with the traceback of an error that quotes the path."""
    cfg = Config()
    for name, value in runpy.run_path(str(CONF)).items():
        if name in cfg.settings:
            cfg.set(name, value)
    assert cfg.logconfig_dict and cfg.accesslog is None
    log = Logger(cfg)
    capfd.readouterr()

    log.error("Error handling request %s %s", "GET", f"/plan/resume/{SECRET}/")
    try:
        raise ValueError(f"could not read /plan/resume/{SECRET}/")
    except ValueError:
        log.exception("Error handling request %s", f"/plan/resume/{SECRET}/?paper=a4")
    log.info(f"Invalid request from ip=127.0.0.1: 'GET /plan/resume/{SECRET}/'")

    out, err = capfd.readouterr()
    assert SECRET not in out + err
    assert "[ERROR] Error handling request GET /plan/resume/[redacted]/" in err
    assert "Error handling request /plan/resume/[redacted]/?paper=a4" in err
    assert "ValueError: could not read /plan/resume/[redacted]/" in err
    assert "Invalid request from ip=127.0.0.1: 'GET /plan/resume/[redacted]/'" in err
