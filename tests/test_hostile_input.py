"""Hostile input never gets a server error (5xx) back.

Every URL pattern is found by walking the resolver (through every include, the admin's
too), so an endpoint added later is covered without changing this file. Each one is
requested with GET, HEAD, POST, PUT, DELETE, PATCH and OPTIONS, by a visitor who holds
a plan and by one who does not, with and without htmx's ``HX-Request`` header. Its path
values are real (the visitor's own clinic, a real section, question or quiz question)
or hostile: another plan's clinic, question or link, an unknown uuid, huge numbers, NUL
bytes, lone surrogates, very long or non-Latin text.

Hypothesis builds random forms from the field names and values the site's own pages
offer and from random names, with values that are NUL bytes, lone surrogates, text of
up to 100 kB, numbers, dates and decimal commas, sent urlencoded, as multipart (with a
file) or as JSON, with hostile htmx headers and cookies. Raw bodies cover what no
browser sends: larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``, invalid UTF-8, a foreign
or bogus charset (UTF-7 must get a 400), broken multipart, too many fields or files.
With CSRF checks on, every hostile POST is refused with a 403 (or a 400). A signed-in
superuser sends the admin hostile query strings, paths and bodies; random requests
also carry hostile Host, Origin, Referer and htmx headers.

Every answer must be below 500. The test client re-raises any exception a view lets
escape, so a crash fails a test as surely as a 500 does.
"""

import functools
import io
import json
import logging
import re
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from itertools import cycle
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.test.client import BOUNDARY, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from clinics.models import CheckQuestion, Clinic
from guide.models import Question, QuizQuestion, Section
from plans.models import PlanQuestion

from .factories import make_clinic, make_plan, plan_of, use

pytestmark = [
    pytest.mark.usefixtures("content", "quiet_request_logs"),
    # The page cache keys a page by its path; only memcached limits a key's length, and
    # the site's caches are memory or Redis (a failing cache is skipped anyway).
    pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning"),
]

# The PDF takes a second or two to make: it gets a few hostile requests of its own
# (test_the_pdf_survives_hostile_paper_sizes) instead of a GET in every loop.
SLOW_TO_READ = {"plan:summary_pdf"}
OVERSIZED = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 512 * 1024
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
HTMX = {"HX-Request": "true"}
CSRF_FIELD = "csrfmiddlewaretoken"
HYPOTHESIS = {
    "deadline": None,
    "database": None,  # nothing written into the working tree
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


# --- Every endpoint, from the resolver ---------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One URL pattern, with the chain of patterns that leads to it from the root."""

    key: str  # "clinics:answer", or the route itself for a pattern with no name
    chain: tuple  # the URLResolver and URLPattern objects from the root down
    params: tuple[tuple[str, str], ...]  # (name, kind) for each value in the path

    @property
    def route(self) -> str:
        return "".join(str(part.pattern) for part in self.chain)

    def url(self, values: dict[str, str]) -> str:
        """The path with these values put in, percent-encoded as a browser would."""
        quoted = {name: quote_text(value) for name, value in values.items()}
        return "/" + "".join(fill(part.pattern, quoted) for part in self.chain)

    def __str__(self) -> str:
        return self.key


CONVERTER_KINDS = {
    IntConverter: "int",
    UUIDConverter: "uuid",
    SlugConverter: "slug",
    PathConverter: "path",
    StringConverter: "str",
}
ROUTE_PARAM = re.compile(r"<(?:[^>:]+:)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def fill(pattern, values: dict[str, str]) -> str:
    """One pattern's piece of a path, with its values put in."""
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = text.removeprefix("^").removesuffix("$")
        return REGEX_GROUP.sub(lambda match: values[match["name"]], text)
    return ROUTE_PARAM.sub(lambda match: values[match["name"]], text)


def params_of(pattern) -> list[tuple[str, str]]:
    if isinstance(pattern, RegexPattern):
        return [(name, "regex") for name in pattern.regex.groupindex]
    return [
        (name, CONVERTER_KINDS.get(type(converter), "str"))
        for name, converter in pattern.converters.items()
    ]


def walk(resolver: URLResolver, chain=(), namespace="") -> Iterator[Endpoint]:
    """Every URLPattern under this resolver, through includes, as an Endpoint."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, (*chain, entry), inner)
        elif isinstance(entry, URLPattern):
            path = (*chain, entry)
            params = tuple(param for part in path for param in params_of(part.pattern))
            route = "".join(str(part.pattern) for part in path)
            key = f"{namespace}{entry.name}" if entry.name else route
            yield Endpoint(key=key, chain=path, params=params)


ENDPOINTS = list(walk(get_resolver()))
ADMIN_ENDPOINTS = [e for e in ENDPOINTS if e.route.startswith(settings.ADMIN_PATH)]
SITE_ENDPOINTS = [e for e in ENDPOINTS if e not in ADMIN_ENDPOINTS]


def endpoint_key_of(path: str) -> str | None:
    """The key of the endpoint a path reaches, spelled as ``Endpoint.key`` spells it."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if match.url_name else match.route


def quote_text(text: str) -> str:
    """Percent-encoded UTF-8; a lone surrogate goes as its (invalid) three bytes."""
    return quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")


# --- Request bodies ----------------------------------------------------------------------

FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Body:
    content: bytes = b""
    content_type: str = "application/octet-stream"


def form_body(pairs: list[tuple[str, str]]) -> Body:
    """An urlencoded form body."""
    return Body(query_string(pairs).encode("ascii"), FORM)


def query_string(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote_text(name)}={quote_text(value)}" for name, value in pairs)


def multipart_body(pairs: list[tuple[str, str]], *, with_file: bool = False) -> Body:
    data: dict[str, list] = defaultdict(list)
    for name, value in pairs:
        data[without_surrogates(name)].append(without_surrogates(value))
    if with_file:
        data["upload"].append(SimpleUploadedFile("évil\x00.html", b"<script>", "text/html"))
    content = encode_multipart(BOUNDARY, dict(data))
    return Body(content, f"multipart/form-data; boundary={BOUNDARY}")


def json_body(pairs: list[tuple[str, str]]) -> Body:
    content = json.dumps(dict(pairs), ensure_ascii=False).encode("utf-8", "surrogatepass")
    return Body(content, "application/json")


def without_surrogates(text: str) -> str:
    """The test client's multipart encoder cannot send a lone surrogate."""
    return text.encode("utf-8", "replace").decode("utf-8")


def multipart(*parts: bytes, boundary: str = "B") -> Body:
    return Body(b"".join(parts), f"multipart/form-data; boundary={boundary}")


PART = b'--B\r\nContent-Disposition: form-data; name="name"\r\n\r\n'
RAW_BODIES = {
    "oversized": Body(b"name=" + b"x" * OVERSIZED, FORM),
    "oversized multipart": multipart(PART, b"x" * OVERSIZED, b"\r\n--B--\r\n"),
    "invalid utf-8": Body(b"name=\xff\xfe\xc3\x28&text=\xed\xa0\x80&%ff%fe=%c3%28", FORM),
    "utf-7": Body(b"name=+ADw-script+AD4-&text=x", f"{FORM}; charset=utf-7"),
    "too many fields": Body(b"&".join(b"f%d=1" % n for n in range(1200)), FORM),
    "multipart without a boundary": Body(b"--x\r\n\r\nhello", "multipart/form-data"),
    "multipart with an empty boundary": Body(b"--\r\n\r\n", "multipart/form-data; boundary="),
    "multipart with a boundary never used": multipart(b"name=X", boundary="nowhere"),
    "multipart cut short": multipart(PART, b"X"),
    "multipart with a broken header": multipart(
        b"--B\r\nContent-Disposition: form-data; name=\x00\xff\r\n\r\nX\r\n--B--\r\n"
    ),
    "multipart with too many files": multipart(
        *(
            b'--B\r\nContent-Disposition: form-data; name="f"; filename="%d.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\nx\r\n" % n
            for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
        ),
        b"--B--\r\n",
    ),
    "unclosed json": Body(b'{"name": "X", "clinics": [1, 2], "\\u0000": null', "application/json"),
    "no content type": Body(b"name=X", ""),
    "binary": Body(bytes(range(256)) * 4, "application/octet-stream"),
}
# Charsets other than UTF-8, real, bogus and not for text at all (codecs.lookup finds
# "base64"): one test sends them in turn, one to each request.
OTHER_CHARSETS = [
    Body(b"name=caf\xe9&text=\xe9", f"{FORM}; charset=latin-1"),
    Body(b"name=x", f"{FORM}; charset=no-such-charset"),
    Body(b"name=x", f'{FORM}; charset="\xff\xfe"'),
    *(
        Body(b"name=eA%3D%3D&text=78", f"{FORM}; charset={codec}")
        for codec in ("base64", "rot13", "hex", "zlib", "utf-16", "idna", "unicode_escape")
    ),
]


# --- Sending a request, and the one assertion ---------------------------------------------


def describe(method: str, path: str, body: Body, headers: dict | None) -> str:
    return (
        f"{method} {path[:300]!r} headers={headers or {}} content_type={body.content_type!r} "
        f"body[{len(body.content)} bytes]={body.content[:300]!r}"
    )


def expect_no_server_error(
    client: Client, method: str, path: str, body: Body | None = None, headers: dict | None = None
) -> HttpResponse:
    """Send one request; on a 5xx or an exception, fail saying exactly what was sent."""
    body = body or Body()
    what = describe(method, path, body, headers)
    try:
        response = client.generic(
            method, path, body.content, content_type=body.content_type, headers=headers
        )
    except Exception as error:  # the test client re-raises what a view let escape
        raise AssertionError(f"{what} raised {error!r}") from error
    assert response.status_code < 500, f"{what} -> {response.status_code}"
    return response


@functools.cache
def _client_for(role: str, enforce_csrf_checks: bool) -> Client:
    return Client(enforce_csrf_checks=enforce_csrf_checks)


def client_for(role: str, *, enforce_csrf_checks: bool = False) -> Client:
    """A client with no cookies. One per role for the whole run: a new client loads
    the middleware again, and WhiteNoise then reads through every static file."""
    client = _client_for(role, enforce_csrf_checks)
    client.cookies = SimpleCookie()
    return client


# --- The world a test runs in: a visitor with a plan, another plan, real content ---------


@dataclass
class World:
    """A visitor holding a plan with a clinic and a question of their own, someone
    else's plan, and real content to point at.

    A hostile POST may delete the plan, forget it on this device, replace its link or
    open someone else's: after any request that may have changed something, the
    visitor is checked and given a fresh plan if theirs is gone.
    """

    client: Client = field(default_factory=lambda: client_for("visitor with a plan"))
    plan_pk: int = 0
    clinic_id: str = ""
    own_question_pk: int = 0
    token: str = ""
    foreign: dict[str, str] = field(default_factory=dict)
    content: dict[tuple[str, str], str] = field(default_factory=dict)
    changed: bool = False  # by a request that may have taken the visitor's plan away
    _forms: dict[bool, "Forms"] = field(default_factory=dict)

    @classmethod
    def build(cls) -> "World":
        world = cls()
        other = make_plan()
        world.foreign = {
            "clinic": str(make_clinic(other, name="Someone else's clinic").public_id),
            "question": str(add_own_question(other).pk),
            "token": other.token,
        }
        world.content = real_content_values()
        world.start_plan()
        return world

    def start_plan(self) -> None:
        self.client = client_for("visitor with a plan")
        response = self.client.post(reverse("clinics:add"), {"name": "X"})
        assert response.status_code == 302, response.status_code
        plan = plan_of(self.client)
        self.plan_pk, self.token = plan.pk, plan.token
        self.clinic_id = str(plan.clinics.get().public_id)
        self.own_question_pk = add_own_question(plan).pk
        self.changed = False

    def ensure_intact(self) -> None:
        plan = plan_of(self.client)
        intact = (
            plan is not None
            and plan.pk == self.plan_pk
            and Clinic.objects.filter(plan=plan, public_id=self.clinic_id).exists()
            and PlanQuestion.objects.filter(plan=plan, pk=self.own_question_pk).exists()
        )
        if intact:
            self.changed = False
        else:
            self.start_plan()

    def holder(self, holds_plan: bool) -> Client:
        """The visitor with the plan (intact), or a new visitor with none."""
        if not holds_plan:
            return client_for("visitor with no plan")
        if self.changed:
            self.ensure_intact()
        return self.client

    def send(
        self,
        holds_plan: bool,
        method: str,
        path: str,
        body: Body | None = None,
        headers: dict | None = None,
    ) -> HttpResponse:
        response = expect_no_server_error(self.holder(holds_plan), method, path, body, headers)
        if holds_plan and (method not in SAFE_METHODS and response.status_code < 400):
            self.changed = True
        return response

    def valid_values(self, endpoint: Endpoint) -> dict[str, str]:
        """Real values for each path parameter: by endpoint and parameter, then by
        parameter, then (for an endpoint added later) by the converter's kind."""
        by_endpoint = self.content | {
            ("plan:remove_question", "pk"): str(self.own_question_pk),
        }
        by_name = {
            "public_id": self.clinic_id,
            "number": "1",
            "token": self.token,
            "app_label": "guide",  # the admin's app index
            "url": "no-such-page/",  # the admin's catch-all
        }
        by_kind = {"int": "1", "uuid": str(uuid.uuid4()), "slug": "x", "str": "1", "path": "1",
                   "regex": "1"}  # fmt: skip
        return {
            name: by_endpoint.get((endpoint.key, name)) or by_name.get(name) or by_kind[kind]
            for name, kind in endpoint.params
        }

    def hostile_values(self, kind: str) -> list[str]:
        """Wrong values for a path parameter of this kind, or someone else's."""
        common = ["0", "-1", "9" * 40, "\x00", "a\x00b", "\ud800", "x" * 5000, "ünï名字🙂",
                  "..", "%00", "' OR 1=1 --", "<script>", " ", "\u202e\ufeff"]  # fmt: skip
        for_kind = {
            "int": ["2147483648", "9223372036854775808", "0" * 300 + "1", self.foreign["question"]],
            "uuid": [
                self.foreign["clinic"],
                str(uuid.uuid4()),
                self.clinic_id.upper(),
                "00000000-0000-0000-0000-000000000000",
            ],
            "slug": ["-", "_" * 300, "a" * 10_000],
            "str": [self.foreign["token"], "A" * 43, "A" * 44],
        }
        return for_kind.get(kind, []) + common

    def forms(self, *, admin: bool = False) -> "Forms":
        """What the site's pages (or, signed in, the admin's) offer to send, read once."""
        if admin not in self._forms:
            if admin:
                client = sign_in_superuser(client_for("superuser"))
                self._forms[admin] = read_forms(ADMIN_ENDPOINTS, self, client)
            else:
                self._forms[admin] = read_forms(SITE_ENDPOINTS, self, self.holder(True))
        return self._forms[admin]


def real_content_values() -> dict[tuple[str, str], str]:
    """Path values that reach a real page, for endpoints whose parameter names are shared."""
    sections = Section.objects.order_by("order")
    return {
        ("guide:section", "slug"): sections.values_list("slug", flat=True).first(),
        ("guide:section_detail", "slug"): sections.exclude(detail_html="")
        .values_list("slug", flat=True)
        .first(),
        ("clinics:answer", "slug"): CheckQuestion.objects.order_by("group__order", "order")
        .values_list("slug", flat=True)
        .first(),
        ("plan:quiz_check", "slug"): QuizQuestion.objects.order_by("order")
        .values_list("slug", flat=True)
        .first(),
        ("plan:toggle_question", "pk"): str(Question.objects.values_list("pk", flat=True).first()),
    }


def add_own_question(plan) -> PlanQuestion:
    use(plan)
    return PlanQuestion.objects.create(
        plan=plan, text="My question?", audience=Question.Audience.choices[0][0]
    )


@pytest.fixture
def world(db) -> World:
    return World.build()


class Nowhere(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


@pytest.fixture
def quiet_request_logs():
    """Thousands of refused requests are logged on purpose. The log records still go
    through every handler's filters (a filter that broke on a hostile path would fail
    the request), but the console writes them to nowhere instead of burying a failure."""
    handlers = {
        handler
        for name in (None, "django.request", "django.server")
        for handler in logging.getLogger(name).handlers
        if type(handler) is logging.StreamHandler
    }
    streams = {handler: handler.setStream(Nowhere()) for handler in handlers}
    yield
    for handler, stream in streams.items():
        handler.setStream(stream)


# --- Field names and values, from the site's own forms ------------------------------------


class FormFields(HTMLParser):
    """The names and offered values of the fields in a page's forms, by the endpoint each
    form sends them to (``action``, or ``[data-]hx-post`` for htmx's own requests)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.targets: list[str] = []
        self.names: dict[str, set[str]] = defaultdict(set)
        self.values: dict[str, set[str]] = defaultdict(set)
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.targets = [attributes.get("action") or self.page]
        target = attributes.get("hx-post") or attributes.get("data-hx-post")
        if target:
            self.targets = [*self.targets, target]
        name = attributes.get("name")
        if tag in {"input", "select", "textarea", "button"} and name:
            for target in self.targets or [self.page]:
                self.names[endpoint_key_of(urlsplit(target).path) or target].add(name)
            if "value" in attributes:
                self.values[name].add(attributes["value"])
            self.select = name if tag == "select" else None
        if tag == "option" and self.select and "value" in attributes:
            self.values[self.select].add(attributes["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.targets = []
        if tag == "select":
            self.select = None


@dataclass(frozen=True)
class Forms:
    names: dict[str, list[str]]  # the field names each endpoint's forms send, by endpoint
    values: dict[str, list[str]]  # the values offered for each name (choices, hidden values)
    methods: dict[str, list[str]]  # the methods an endpoint accepts, where it says so

    @property
    def every_name(self) -> list[str]:
        return sorted({name for names in self.names.values() for name in names})


def read_forms(endpoints: list[Endpoint], world: World, client: Client) -> Forms:
    """GET every page and note what its forms send. Ask each endpoint which methods it
    accepts: a view that limits them answers OPTIONS with a 405 that lists them."""
    names: dict[str, set[str]] = defaultdict(set)
    values: dict[str, set[str]] = defaultdict(set)
    methods: dict[str, list[str]] = {}
    for endpoint in endpoints:
        path = endpoint.url(world.valid_values(endpoint))
        refused = expect_no_server_error(client, "OPTIONS", path)
        if refused.status_code == 405:
            methods[endpoint.key] = sorted(refused["Allow"].replace(" ", "").split(","))
        if endpoint.key in SLOW_TO_READ:
            continue
        response = expect_no_server_error(client, "GET", path)
        if "html" not in response.get("Content-Type", ""):
            continue
        parser = FormFields(path)
        parser.feed(response.content.decode("utf-8", "replace"))
        for key, found in parser.names.items():
            names[key] |= found
        for name, found in parser.values.items():
            values[name] |= found
    return Forms(
        names={key: sorted(found) for key, found in names.items()},
        values={name: sorted(found) for name, found in values.items()},
        methods=methods,
    )


# --- Hypothesis strategies ------------------------------------------------------------------

NASTY = ["", "\x00", "a\x00b", "0000", "\ud800", "\udfff", "-1", "0", "-0", "1e309", "NaN", "inf",
         "1,5", "1.234,56", "12,000.00", "25 000", "-99999999999999999999", "9" * 400,
         "2024-02-30", "0000-00-00", "31/12/2024", "9999-12-31", "1939-12-31", "١٢٣", "１２",
         "\ufeff1", "<script>alert(1)</script>", "' OR '1'='1", "{{ 7*7 }}", "%s%n", "\r\n",
         "\u202e", "🙂" * 50, "true", "null", "[]", "on", "yes", "rest", "remove", "plan",
         "after", "before", "a4", "letter"]  # fmt: skip
any_character = st.characters(exclude_categories=[])  # lone surrogates too
short_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=20),
    st.text(any_character, max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=-(10**12), max_value=10**12).map(lambda n: f"{n:,}"),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(places=2, allow_nan=False, allow_infinity=False).map(
        lambda d: str(d).replace(".", ",")
    ),
    st.floats().map(repr),
    st.dates().map(str),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.datetimes().map(lambda d: d.isoformat()),
)
long_text = st.builds(
    lambda text, times: ((text or "x") * times)[:100_000],
    short_text,
    st.sampled_from([50, 1_000, 100_000]),
)
hostile_text = st.one_of(short_text, short_text, short_text, long_text)
# What a WSGI server can hand over in a header: any byte, read as Latin-1.
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=200)


@st.composite
def form_pairs(draw, forms: Forms, endpoint: Endpoint) -> list[tuple[str, str]]:
    """A body's fields: sometimes the endpoint's own form, filled in with values its
    page offers, and always some hostile names and values on top."""
    own = forms.names.get(endpoint.key, [])
    pairs: list[tuple[str, str]] = []
    if own and draw(st.booleans()):
        for name in own:
            pairs.append((name, draw(st.sampled_from(forms.values.get(name) or ["1"]))))
    every = forms.every_name
    names = st.one_of(*([st.sampled_from(own)] if own else []), st.sampled_from(every), short_text)
    pairs += draw(st.lists(st.tuples(names, hostile_text), max_size=8))
    return pairs


HOSTILE_HOSTS = ["evil.example", "localhost:99999", "[::1", "", "a" * 300, "localhost\xff",
                 "127.0.0.1:8000@evil.example", "LOCALHOST."]  # fmt: skip


@st.composite
def hostile_headers(draw) -> dict[str, str]:
    headers = HTMX.copy() if draw(st.booleans()) else {}
    for name in ("HX-Target", "HX-Trigger", "HX-Current-URL", "HX-Trigger-Name",
                 "Accept-Language", "Referer", "Origin", "X-Forwarded-For"):  # fmt: skip
        if draw(st.integers(0, 7)) == 0:
            headers[name] = draw(header_text)
    if draw(st.integers(0, 9)) == 0:
        headers["Host"] = draw(st.sampled_from(HOSTILE_HOSTS) | header_text)
    return headers


@st.composite
def path_values(draw, world: World, endpoint: Endpoint) -> dict[str, str]:
    """Mostly real values, sometimes hostile ones, sometimes any text at all."""
    values = world.valid_values(endpoint)
    for name, kind in endpoint.params:
        choice = draw(st.integers(0, 5))
        if choice == 4:
            values[name] = draw(st.sampled_from(world.hostile_values(kind)))
        elif choice == 5:
            values[name] = draw(short_text) or "x"
    return values


# --- Tests --------------------------------------------------------------------------------


def test_the_resolver_walk_finds_every_endpoint_and_fills_its_path(world):
    keys = {endpoint.key for endpoint in ENDPOINTS}
    for expected in ("home", "clinics:answer", "plan:resume_link", "plan:summary_pdf",
                     "guide:timeline_months", "admin_login", "admin:index"):  # fmt: skip
        assert expected in keys
    assert len(SITE_ENDPOINTS) >= 45 and len(ADMIN_ENDPOINTS) >= 10
    for endpoint in ENDPOINTS:
        path = endpoint.url(world.valid_values(endpoint))
        if endpoint.key != "admin:login":  # shadowed by our own, throttled sign-in
            assert endpoint_key_of(path) == endpoint.key, (endpoint.route, path)
    forms = world.forms()
    assert "name" in forms.names["clinics:add"], "the pages' forms were not read"
    assert "POST" in forms.methods["clinics:add"], "the endpoints' methods were not read"


def test_every_endpoint_and_method_with_real_and_hostile_path_values(world):
    """Real path values with every method, hostile ones with GET and POST. A plan means
    nothing to the admin, which sends a stranger to its sign-in whatever the method:
    there, a stranger's GET is enough for the hostile values."""
    htmx = cycle([{}, HTMX])
    for endpoint in ENDPOINTS:
        real = world.valid_values(endpoint)
        for holds_plan in (False,) if endpoint in ADMIN_ENDPOINTS else (True, False):
            for method in EVERY_METHOD:
                if method in {"GET", "HEAD"} and endpoint.key in SLOW_TO_READ:
                    continue
                world.send(holds_plan, method, endpoint.url(real), headers=next(htmx))
        if endpoint in ADMIN_ENDPOINTS:
            tries = [(False, "GET")]
        else:
            tries = [(True, "GET"), (True, "POST"), (False, "POST")]
        for name, kind in endpoint.params:
            for value in world.hostile_values(kind):
                path = endpoint.url(real | {name: value})
                for holds_plan, method in tries:
                    world.send(holds_plan, method, path, headers=next(htmx))


@pytest.mark.parametrize("kind", list(RAW_BODIES))
def test_every_endpoint_survives_a_raw_body(world, kind):
    body = RAW_BODIES[kind]
    htmx = cycle([{}, HTMX, HTMX, {}])
    for endpoint in ENDPOINTS:
        path = endpoint.url(world.valid_values(endpoint))
        # A plan means nothing to the admin, which reads no body before its sign-in.
        for holds_plan in (False,) if endpoint in ADMIN_ENDPOINTS else (True, False):
            response = world.send(holds_plan, "POST", path, body, next(htmx))
            if kind == "utf-7":
                assert response.status_code == 400, (endpoint.key, response.status_code)


def test_every_endpoint_survives_a_body_in_another_charset(world):
    bodies = cycle(OTHER_CHARSETS)
    for endpoint in ENDPOINTS:
        path = endpoint.url(world.valid_values(endpoint))
        for holds_plan in (False,) if endpoint in ADMIN_ENDPOINTS else (True, False):
            world.send(holds_plan, "POST", path, next(bodies), HTMX)


ENDPOINT_GROUPS = {
    "guide and site": [e for e in SITE_ENDPOINTS if not e.key.startswith(("clinics", "plan"))],
    "clinics": [e for e in SITE_ENDPOINTS if e.key.startswith("clinics:")],
    "plan": [e for e in SITE_ENDPOINTS if e.key.startswith("plan:")],
    "admin": ADMIN_ENDPOINTS,
}
BODY_KINDS = {
    "form": form_body,
    "multipart": multipart_body,
    "multipart with a file": lambda pairs: multipart_body(pairs, with_file=True),
    "json": json_body,
}


def test_the_endpoint_groups_cover_every_endpoint():
    grouped = [endpoint for group in ENDPOINT_GROUPS.values() for endpoint in group]
    assert sorted(grouped, key=str) == sorted(ENDPOINTS, key=str)


def random_request(data, world: World, group: str) -> None:
    """One random request to an endpoint of the group: mostly with a method the
    endpoint accepts, so its form is read, sometimes with any. In the admin, half the
    requests come from a signed-in superuser."""
    in_admin = group == "admin"
    forms = world.forms(admin=in_admin)
    endpoint = data.draw(st.sampled_from(ENDPOINT_GROUPS[group]), label="endpoint")
    accepted = forms.methods.get(endpoint.key, ["GET", "POST"])
    method = data.draw(st.sampled_from(accepted * 3 + EVERY_METHOD), label="method")
    if endpoint.key in SLOW_TO_READ and method in {"GET", "HEAD"}:
        method = "POST"
    path = endpoint.url(data.draw(path_values(world, endpoint), label="path values"))
    pairs = data.draw(form_pairs(forms, endpoint), label="fields")
    headers = data.draw(hostile_headers(), label="headers")
    if method in SAFE_METHODS:
        path, body = f"{path}?{query_string(pairs)}", None
    else:
        encode = data.draw(st.sampled_from(list(BODY_KINDS)), label="encoding")
        body = BODY_KINDS[encode](pairs)
    if in_admin and data.draw(st.booleans(), label="signed in to the admin"):
        client = sign_in_superuser(client_for("superuser"))
        expect_no_server_error(client, method, path, body, headers)
    else:
        holds_plan = data.draw(st.booleans(), label="holds a plan")
        world.send(holds_plan, method, path, body, headers)


@pytest.mark.parametrize("group", [group for group in ENDPOINT_GROUPS if group != "admin"])
@hypothesis_settings(max_examples=120, **HYPOTHESIS)
@given(data=st.data())
def test_random_requests_to_the_site_never_get_a_server_error(world, group, data):
    random_request(data, world, group)


@hypothesis_settings(max_examples=50, **HYPOTHESIS)
@given(data=st.data())
def test_random_requests_to_the_admin_never_get_a_server_error(world, data):
    random_request(data, world, "admin")


@hypothesis_settings(max_examples=60, **HYPOTHESIS)
@given(data=st.data())
def test_hostile_cookies_never_get_a_server_error(world, data):
    endpoint = data.draw(st.sampled_from(SITE_ENDPOINTS), label="endpoint")
    method = "POST" if endpoint.key in SLOW_TO_READ else data.draw(st.sampled_from(["GET", "POST"]))
    client = world.holder(holds_plan=False)
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"):
        client.cookies[name] = data.draw(header_text, label=name)
    body = form_body(data.draw(form_pairs(world.forms(), endpoint), label="fields"))
    path = endpoint.url(world.valid_values(endpoint))
    expect_no_server_error(client, method, path, body, data.draw(hostile_headers()))


# Values that parsers trip on: year 0, a NUL, a number too big for any column.
FIELD_SPOILERS = ["0000", "\x00", "9" * 400]


def test_each_field_of_each_form_spoiled_in_turn(world):
    """Every form the pages offer, filled in with the values offered, with one typed field
    at a time given each spoiler: a form that is nearly valid reaches the code behind it.
    (A field that offers a choice of values is left to the random requests.)"""
    forms = world.forms()
    for endpoint in SITE_ENDPOINTS:
        if "POST" not in forms.methods.get(endpoint.key, ["POST"]):
            continue
        names = [name for name in forms.names.get(endpoint.key, []) if name != CSRF_FIELD]
        offered = {name: (forms.values.get(name) or [""])[0] for name in names}
        typed = [name for name in names if len(forms.values.get(name, [])) <= 1]
        path = endpoint.url(world.valid_values(endpoint))
        for name in typed:
            for spoiler in FIELD_SPOILERS:
                body = form_body(list((offered | {name: spoiler}).items()))
                world.send(True, "POST", path, body)


def test_with_csrf_checks_on_every_hostile_post_is_refused(world):
    """A visitor with a plan (so a session) and a CSRF cookie but a wrong token, and
    one with neither: 403, or 400 for a body the site will not read at all. Never a
    5xx, and never anything that goes through."""
    bodies = [
        form_body([("name", "X"), (CSRF_FIELD, "x" * 64)]),
        form_body([("name", "\x00"), (CSRF_FIELD, "\ud800" * 32)]),
        RAW_BODIES["oversized"],
    ]
    visitors = [(True, True), (False, False)]  # (holds a plan, has a CSRF cookie)
    for endpoint in ENDPOINTS:
        path = endpoint.url(world.valid_values(endpoint))
        for holds_plan, has_cookie in visitors:
            client = client_for("checked for CSRF", enforce_csrf_checks=True)
            if holds_plan:
                for name, morsel in world.holder(True).cookies.items():
                    client.cookies[name] = morsel.value
            if has_cookie:
                client.cookies[settings.CSRF_COOKIE_NAME] = "A" * 32
            for body in bodies:
                response = expect_no_server_error(client, "POST", path, body, HTMX)
                assert response.status_code in {400, 403}, (endpoint.key, response.status_code)


def test_paths_that_reach_no_endpoint_get_a_redirect_or_a_404(world):
    """Every endpoint without its trailing slash (CommonMiddleware's redirect), and
    paths that match nothing at all."""
    paths = [endpoint.url(world.valid_values(endpoint)).rstrip("/") for endpoint in ENDPOINTS]
    paths += ["/%ff", "/%00", "/guide/%ed%a0%80/", "//evil.example/", "/..%2f..%2fetc/passwd",
              "/plan/resume/", "/static/%00", "/" + "a/" * 2000, "/guide?next=%00"]  # fmt: skip
    for path in paths:
        for holds_plan, method in [(True, "GET"), (False, "POST")]:
            response = world.send(holds_plan, method, path, headers=HTMX)
            assert response.status_code in {200, 301, 302, 400, 403, 404, 405}, path


def test_the_pdf_survives_hostile_paper_sizes(world):
    path = reverse("plan:summary_pdf")
    for paper in ["\x00", "A4" * 50_000, "ünï🙂", "\ud800", "letter\x00"]:
        world.send(True, "GET", f"{path}?paper={quote_text(paper)}")
    world.send(True, "GET", f"{path}?paper=a4&paper=%00&paper=%ff")
    world.send(False, "HEAD", f"{path}?paper=%ff%fe", headers=HTMX)


def test_the_admin_sign_in_survives_hostile_input(world):
    path = reverse("admin_login") + "?next=%00%ff"
    for pairs in (
        [("username", "\x00"), ("password", "\x00")],
        [("username", "x" * 100_000), ("password", "\ud800")],
        [("username", "admin"), ("password", "x"), ("next", "//evil.example/\x00")],
        [("username", "a"), ("username", "b"), ("this_is_the_login_form", "1")],
    ):
        for body in (form_body(pairs), multipart_body(pairs), json_body(pairs)):
            world.send(False, "POST", path, body)
    response = world.send(False, "GET", reverse("admin_login") + "?next=" + "/" * 10_000)
    assert response.status_code == 200


def sign_in_superuser(client: Client) -> Client:
    """Sign in as a superuser (made again if a hostile POST deleted it)."""
    user, _created = get_user_model().objects.get_or_create(
        username="hostile-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client.force_login(user)
    return client


def test_a_signed_in_superuser_never_gets_a_server_error_from_hostile_input(world):
    """Signed in, the admin's own views read the query string, the path and the body.
    Changelists get hostile queries; every admin page gets hostile path values and
    bodies (including a "yes, delete it" to every page, as a forged form would)."""
    queries = ["o=-x.y", "q=%00", "q=" + "%ff" * 2000, "p=" + "9" * 30, "_to_field=password",
               "review=%00&checked=maybe&language=%ff&year__gte=abc&group__id__exact=x",
               "all=&_popup=1&_changelist_filters=%00%ff&e=1"]  # fmt: skip
    client = client_for("superuser")
    for endpoint in ADMIN_ENDPOINTS:
        sign_in_superuser(client)
        real = world.valid_values(endpoint)
        path = endpoint.url(real)
        for query in queries if endpoint.key.endswith("_changelist") else queries[:1]:
            expect_no_server_error(client, "GET", f"{path}?{query}")
        for name, _kind in endpoint.params:
            for value in ("9" * 40, "\x00ünï"):
                expect_no_server_error(client, "GET", endpoint.url(real | {name: value}))
        expect_no_server_error(client, "POST", path, RAW_BODIES["invalid utf-8"], HTMX)
        expect_no_server_error(client, "POST", path, form_body([("post", "yes")] * 3))
