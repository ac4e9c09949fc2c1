"""Private plans without accounts: tokens, resume codes and the session.

A plan is found by its token, kept in the visitor's signed session cookie,
or given back through a resume link (``/plan/resume/<token>/``) or a resume
code of six common words that a voice-control or switch user can say or
write down. Tokens carry 256 bits from ``secrets``; six words from the EFF
long list (7,776 words, shipped by xkcdpass) carry about 77 bits.
"""

import datetime
import functools
import re
import secrets

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import Plan

SESSION_KEY = "plan_token"
RESUME_CODE_WORDS = 6
TOUCH_EVERY = datetime.timedelta(hours=1)
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


@functools.cache
def word_list() -> tuple[str, ...]:
    from xkcdpass import xkcd_password

    words = xkcd_password.generate_wordlist(
        wordfile=xkcd_password.locate_wordfile(), min_length=3, max_length=9
    )
    # Letters only: "t-shirt" would be dictated as two words.
    return tuple(sorted({word for word in words if word.isascii() and word.isalpha()}))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_resume_code() -> str:
    words = word_list()
    return " ".join(secrets.choice(words) for _ in range(RESUME_CODE_WORDS))


def normalise_code(typed: str) -> str:
    """ "Maple, Tiger  river-..." -> "maple tiger river ...": forgiving of case,
    commas and extra spaces, as people type or dictate them."""
    return " ".join(typed.lower().replace(",", " ").replace(".", " ").split())


def create_plan() -> Plan:
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Plan.objects.create(token=new_token(), resume_code=new_resume_code())
        except IntegrityError:  # a collision is astronomically unlikely; try again
            continue
    raise RuntimeError("could not create a unique plan")


def current_plan(request: HttpRequest) -> Plan | None:
    token = request.session.get(SESSION_KEY)
    if not token:
        return None
    plan = Plan.objects.filter(token=token).first()
    if plan is None:
        request.session.pop(SESSION_KEY, None)  # deleted or purged elsewhere
        return None
    touch(plan)
    return plan


def touch(plan: Plan) -> None:
    """Keep a plan in use alive, writing at most once an hour."""
    now = timezone.now()
    if now - plan.last_used_at > TOUCH_EVERY:
        Plan.objects.filter(pk=plan.pk).update(last_used_at=now)
        plan.last_used_at = now


def start_plan(request: HttpRequest) -> Plan:
    """A new plan, remembered on this device."""
    plan = create_plan()
    remember(request, plan)
    return plan


def get_or_create_plan(request: HttpRequest) -> Plan:
    return current_plan(request) or start_plan(request)


def remember(request: HttpRequest, plan: Plan) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = plan.token


def forget(request: HttpRequest) -> None:
    request.session.flush()


def find_plan_by_code(typed: str) -> Plan | None:
    words = normalise_code(typed).split()
    if len(words) != RESUME_CODE_WORDS or not all(w.isascii() and w.isalpha() for w in words):
        return None
    return Plan.objects.filter(resume_code=" ".join(words)).first()


def find_plan_by_token(token: str) -> Plan | None:
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None  # not one of ours (and never a NUL byte sent to the database)
    return Plan.objects.filter(token=token).first()
