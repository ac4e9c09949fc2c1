"""Counting failures in fixed windows, so guessers slow down and nobody else does.

A limit is a number of failures in a window of fixed length that starts on
the clock (every 15 minutes: 10:00, 10:15, ...), so "try again at 10:15" is
exactly when the count starts over. Counts live in the database
(``ThrottleCount``) and go up with one atomic UPDATE, so every worker
process and thread sees the same number and none is lost.

Only failures are counted, and callers check a visitor's credential before
they ever consult a limit: a correct link or code always opens the plan.
"""

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import ThrottleCount


@dataclass(frozen=True)
class Limit:
    scope: str
    failures: int
    window: datetime.timedelta


# Wrong resume codes or links from one client address...
RESUME_PER_CLIENT = Limit("resume", 10, datetime.timedelta(minutes=15))
# ...and from everyone at once (a spread-out guesser), per minute.
RESUME_EVERYONE = Limit("resume-all", 300, datetime.timedelta(minutes=1))
# PDFs made for one plan (a cached copy is free and not counted).
PDF_PER_PLAN = Limit("pdf", 10, datetime.timedelta(minutes=10))
# Failed admin sign-ins from one client address.
ADMIN_LOGIN = Limit("admin-login", 5, datetime.timedelta(minutes=15))
EVERYONE = "everyone"


@dataclass(frozen=True)
class Standing:
    """Where a client stands against a limit after a failure."""

    blocked: bool
    tries_left: int
    retry_at: datetime.datetime

    @property
    def minutes_to_wait(self) -> int:
        return minutes_until(self.retry_at, timezone.now())


def minutes_until(retry_at: datetime.datetime, now: datetime.datetime) -> int:
    """Whole minutes to wait, rounded up (9 minutes and 1 second is 10), at least 1."""
    return max(1, math.ceil((retry_at - now).total_seconds() / 60))


def client_address(request: HttpRequest) -> str:
    """The visitor's address. Behind our own TLS proxy (DJANGO_TRUSTED_PROXY=1)
    every request comes from the proxy, so use the address the proxy appended
    last to X-Forwarded-For; anything before it could be forged by the client.
    Without that setting the header is ignored: anyone can send it."""
    if settings.TRUSTED_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client address: the address itself is never stored."""
    digest = salted_hmac("throttle-client", client_address(request), algorithm="sha256")
    return digest.hexdigest()[:32]


def window_start(limit: Limit, now: datetime.datetime) -> datetime.datetime:
    seconds = int(limit.window.total_seconds())
    return datetime.datetime.fromtimestamp(
        int(now.timestamp()) // seconds * seconds, tz=datetime.UTC
    )


def failures(limit: Limit, client: str, now: datetime.datetime | None = None) -> int:
    start = window_start(limit, now or timezone.now())
    row = ThrottleCount.objects.filter(scope=limit.scope, client=client, window_start=start)
    return row.values_list("count", flat=True).first() or 0


def add_failure(limit: Limit, client: str, now: datetime.datetime | None = None) -> int:
    """Count one failure; the count in this window afterwards."""
    start = window_start(limit, now or timezone.now())
    row = ThrottleCount.objects.filter(scope=limit.scope, client=client, window_start=start)
    if not row.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                ThrottleCount.objects.create(
                    scope=limit.scope, client=client, window_start=start, count=1
                )
        except IntegrityError:  # another worker made the row first
            row.update(count=F("count") + 1)
    return row.values_list("count", flat=True).first() or 0


def standing(limit: Limit, count: int, now: datetime.datetime | None = None) -> Standing:
    now = now or timezone.now()
    return Standing(
        blocked=count >= limit.failures,
        tries_left=max(0, limit.failures - count),
        retry_at=window_start(limit, now) + limit.window,
    )


def note_failed_resume(request: HttpRequest) -> Standing:
    """Count a wrong code or link, from this client and from everyone."""
    now = timezone.now()
    mine = standing(RESUME_PER_CLIENT, add_failure(RESUME_PER_CLIENT, client_key(request), now))
    everyone = standing(RESUME_EVERYONE, add_failure(RESUME_EVERYONE, EVERYONE, now))
    if everyone.blocked and not mine.blocked:
        return Standing(blocked=True, tries_left=0, retry_at=everyone.retry_at)
    return mine


def _pdf_client(plan_id: int) -> str:
    """A keyed hash of the plan's id names its PDF count."""
    return salted_hmac("throttle-pdf", str(plan_id), algorithm="sha256").hexdigest()[:32]


def pdf_renders_blocked(plan_id: int) -> Standing:
    """Whether this plan has had its PDFs for this window."""
    return standing(PDF_PER_PLAN, failures(PDF_PER_PLAN, _pdf_client(plan_id)))


def note_pdf_render(plan_id: int) -> Standing:
    """Count a PDF made (or tried until its time ran out) for a plan."""
    return standing(PDF_PER_PLAN, add_failure(PDF_PER_PLAN, _pdf_client(plan_id)))


def admin_login_blocked(request: HttpRequest) -> Standing:
    count = failures(ADMIN_LOGIN, client_key(request))
    return standing(ADMIN_LOGIN, count)


def note_failed_admin_login(request: HttpRequest) -> Standing:
    return standing(ADMIN_LOGIN, add_failure(ADMIN_LOGIN, client_key(request)))


def forget_old_counts(now: datetime.datetime | None = None) -> int:
    """Delete counts from windows that ended over a day ago."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=1)
    deleted, _by_model = ThrottleCount.objects.filter(window_start__lt=cutoff).delete()
    return deleted
