"""Two servers behind one proxy share everything a visitor relies on.

Two gunicorns, A and B (the repository's gunicorn.conf.py, 2 workers each,
``DJANGO_TRUSTED_PROXY=1``), serve one throwaway PostgreSQL cluster and one
Redis (``REDIS_URL``: the page cache and the default cache), as a site with
more than one machine would. A small proxy written here sends requests to A
and B in turn, appends the client's address to X-Forwarded-For as a real
proxy does, and names the server that answered in ``X-Backend``. Every
request in these tests goes through the proxy.

Clients are told apart by the address they connect from: 127.0.0.x, all on
the loopback interface, so the proxy appends a different address for each.
"""

import contextlib
import http.client
import itertools
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from plans import throttle
from tests.factories import in_one_throttle_window
from tests.pg_cluster import (
    AppCopy,
    Gunicorn,
    PostgresCluster,
    RedisServer,
    Visitor,
    prepare_site,
    site_env,
)

# Headers that belong to one connection, not to the request (RFC 9110, 7.6.1).
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}
WRONG_CODE = "maple tiger river candle orbit velvet"


class RoundRobinProxy:
    """A threaded http.server that forwards each request to the next backend
    in turn: method, path, headers and body as sent, X-Forwarded-For with
    the client's address appended; and relays status, headers (every
    Set-Cookie) and body as received, plus ``X-Backend``. Redirects are
    relayed, never followed."""

    def __init__(self, backends: dict[str, str]) -> None:
        self.backends = list(backends.items())
        self._turns = itertools.cycle(range(len(self.backends)))
        self._next = next(self._turns)
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def forward(self) -> None:
                proxy.forward(self)

            do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = forward

            def log_message(self, *args) -> None:  # request lines can hold private links
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def pick(self) -> tuple[str, str]:
        with self._lock:
            name, base = self.backends[self._next]
            self._next = next(self._turns)
        return name, base

    @property
    def next_backend(self) -> str:
        with self._lock:
            return self.backends[self._next][0]

    def align(self, backend: str) -> None:
        """Make ``backend`` answer the next request (tests run one request at a time)."""
        while self.next_backend != backend:
            assert Visitor(self.base).get("/healthz").status == 200

    def forward(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        name, base = self.pick()
        forwarded = [v for v in handler.headers.get_all("X-Forwarded-For") or [] if v.strip()]
        forwarded.append(handler.client_address[0])
        parts = urllib.parse.urlsplit(base)
        upstream = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            upstream.putrequest(
                handler.command, handler.path, skip_host=True, skip_accept_encoding=True
            )
            for key, value in handler.headers.items():
                if key.lower() not in HOP_BY_HOP | {"x-forwarded-for", "content-length"}:
                    upstream.putheader(key, value)
            upstream.putheader("X-Forwarded-For", ", ".join(forwarded))
            if body or handler.command in ("POST", "PUT"):
                upstream.putheader("Content-Length", str(len(body)))
            upstream.endheaders(body or None)
            response = upstream.getresponse()
            status, reason, headers = response.status, response.reason, response.getheaders()
            content = response.read()
        except OSError as error:
            status, reason, headers = 502, "Bad Gateway", []
            content = f"proxy: backend {name} failed: {error!r}".encode()
        finally:
            upstream.close()
        handler.send_response_only(status, reason)
        for key, value in headers:
            if key.lower() not in HOP_BY_HOP | {"content-length"}:
                handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(content)))
        handler.send_header("X-Backend", name)
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(content)

    def __enter__(self) -> "RoundRobinProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def site():
    """(proxy, cluster): A and B on one database and one Redis, behind the proxy."""
    with contextlib.ExitStack() as stack:
        cluster = stack.enter_context(PostgresCluster())
        redis = stack.enter_context(RedisServer())
        app = stack.enter_context(AppCopy())
        env = site_env(
            cluster.create_database("twoservers"), REDIS_URL=redis.url, DJANGO_TRUSTED_PROXY="1"
        )
        prepare_site(app, env)
        servers = [Gunicorn(app, env, name=name) for name in ("A", "B")]
        for server in servers:
            stack.callback(server.close)
            server.launch()
        for server in servers:
            server.wait_until_healthy()
        a, b = servers
        proxy = stack.enter_context(RoundRobinProxy({"A": a.base, "B": b.base}))
        yield proxy, cluster


def other(backend: str) -> str:
    return {"A": "B", "B": "A"}[backend]


def test_a_plan_started_on_one_server_opens_on_the_other(site):
    proxy, _cluster = site
    owner = Visitor(proxy.base, source="127.0.0.11")
    owner.token()
    added = owner.post("/clinics/add/", {"name": "Clinica Dos Servidores"})
    assert added.status == 302
    started_on = added.header("X-Backend")
    asked = owner.post("/plan/questions/", {"text": "Asked on one server?", "audience": "doctor"})
    assert asked.status == 302 and asked.header("Location").startswith("/plan/")

    # The same cookie opens the plan on both servers.
    pages = [owner.get("/plan/") for _ in range(2)]
    assert {p.header("X-Backend") for p in pages} == {"A", "B"}
    for page in pages:
        assert page.status == 200
        assert "Clinica Dos Servidores" in page.body and "Asked on one server?" in page.body
    code, link = owner.resume_code_and_link()

    # A fresh cookie jar opens it with the code, on the server that did not start it.
    by_code = Visitor(proxy.base, source="127.0.0.12")
    by_code.token()
    proxy.align(other(started_on))
    opened = by_code.post("/plan/resume/", {"code": code.upper()})
    assert (opened.status, opened.header("X-Backend")) == (302, other(started_on))
    assert opened.header("Location") == "/plan/"
    for _ in range(2):  # and the new device's cookie works on both
        page = by_code.get("/plan/")
        assert page.status == 200 and "Asked on one server?" in page.body
    added_there = by_code.post(
        "/plan/questions/", {"text": "Added elsewhere?", "audience": "doctor"}
    )
    assert added_there.status == 302

    # The private link, in another fresh jar, on the other server again.
    by_link = Visitor(proxy.base, source="127.0.0.13")
    by_link.token()
    proxy.align(other(started_on))
    opened = by_link.post(link, {})
    assert (opened.status, opened.header("X-Backend")) == (302, other(started_on))
    page = by_link.get("/plan/")
    assert page.status == 200 and "Added elsewhere?" in page.body

    # What the second device added shows on the first, from both servers.
    pages = [owner.get("/plan/") for _ in range(2)]
    assert {p.header("X-Backend") for p in pages} == {"A", "B"}
    assert all("Added elsewhere?" in p.body for p in pages)


def guess(visitor: Visitor, headers: dict | None = None) -> tuple[int, str]:
    response = visitor.post("/plan/resume/", {"code": WRONG_CODE}, headers=headers)
    return response.status, response.header("X-Backend")


def test_the_wrong_code_limit_is_counted_once_for_both_servers(site):
    proxy, cluster = site
    owner = Visitor(proxy.base, source="127.0.0.30")
    assert owner.post("/plan/questions/", {"text": "Mine", "audience": "doctor"}).status == 302
    code, _link = owner.resume_code_and_link()

    in_one_throttle_window(throttle.RESUME_PER_CLIENT, margin_seconds=20)
    guesser = Visitor(proxy.base, source="127.0.0.31")
    guesser.token()
    tries = [guess(guesser) for _ in range(10)]
    # Spread over both servers, each try counted once: the tenth reaches the limit.
    assert sorted(backend for _status, backend in tries) == ["A"] * 5 + ["B"] * 5
    assert [status for status, _backend in tries] == [400] * 9 + [429]
    # Blocked whichever server answers, and a made-up X-Forwarded-For does not
    # help: the proxy appends the address the client really came from.
    after = [guess(guesser) for _ in range(2)]
    after += [guess(guesser, {"X-Forwarded-For": "198.51.100.7"}) for _ in range(2)]
    assert sorted(after) == [(429, "A"), (429, "A"), (429, "B"), (429, "B")]
    counts = cluster.sql(
        "SELECT count FROM plans_throttlecount WHERE scope = 'resume' ORDER BY count DESC",
        "twoservers",
    ).split()
    assert counts[0] == "14"  # one row, written by both servers

    # Another client (another address) is not blocked on either server.
    neighbour = Visitor(proxy.base, source="127.0.0.32")
    neighbour.token()
    assert sorted(guess(neighbour) for _ in range(2)) == [(400, "A"), (400, "B")]
    opened = neighbour.post("/plan/resume/", {"code": code})
    assert opened.status == 302 and opened.header("Location") == "/plan/"
    assert "Mine" in neighbour.get("/plan/").body


@pytest.mark.parametrize(("path", "first"), [("/guide/", "A"), ("/guide/risks/", "B")])
def test_a_page_cached_by_one_server_is_served_from_the_cache_by_the_other(site, path, first):
    proxy, _cluster = site
    proxy.align(first)
    rendered = Visitor(proxy.base, source="127.0.0.40").get(path)
    assert (rendered.status, rendered.header("X-Backend")) == (200, first)
    assert rendered.header("X-Page-Cache") == ""  # rendered by the view, then stored

    served = Visitor(proxy.base, source="127.0.0.41").get(path)
    # The other server never rendered this page: the hit is the shared cache's.
    assert (served.status, served.header("X-Backend")) == (200, other(first))
    assert served.header("X-Page-Cache") == "hit"

    def without_token(page: str) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)

    assert without_token(served.body) == without_token(rendered.body)
    again = Visitor(proxy.base, source="127.0.0.42").get(path)
    assert (again.header("X-Backend"), again.header("X-Page-Cache")) == (first, "hit")
