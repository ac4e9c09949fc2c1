"""Private plans without accounts: links, resume codes, devices and the session.

A plan opens with any one of three secrets the visitor holds (see
``plans.crypto`` for how each one unwraps the plan's data key):

* its private link, ``/plan/resume/<token>/``: 256 bits from ``secrets``;
* its resume code, six common words a voice-control or switch user can say
  or write down, in English or Spanish (see ``plans.codes``: about 77 and 74
  bits);
* a device token, made whenever a device opens the plan and kept only in
  that device's signed session cookie.

This is the only module that knows the session key. Views call
``current_plan(request)``; it opens the plan for the rest of the request.
"""

import datetime
import re
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation

from . import codes, crypto
from .codes import RESUME_CODE_WORDS, new_resume_code, normalise_code  # noqa: F401 - the API
from .fields import sealed_fields
from .models import Plan, PlanKey

SESSION_KEY = "plan_device"
# Sessions made before plans were sealed held the link's token itself.
LEGACY_SESSION_KEY = "plan_token"
TOUCH_EVERY = datetime.timedelta(hours=1)
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")
# Devices remembered per plan; opening it on one more forgets the oldest.
MAX_DEVICES = 20
_UNSET = object()


def word_list() -> tuple[str, ...]:
    return codes.english_words()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _plan_keys():
    """Wrapped keys, each with its plan's replaced key (in the same query)."""
    return PlanKey.objects.annotate(plan_replaced_key=F("plan__replaced_key"))


def _open(plan_key: PlanKey, wrapping_key: bytes) -> Plan | None:
    """Unwrap the data key, make it this request's key, and load the plan."""
    try:
        data_key = crypto.unwrap(bytes(plan_key.wrapped_key), wrapping_key)
    except crypto.WrongKey:
        return None
    crypto.active_key.set(data_key)
    replaced = plan_key.plan_replaced_key
    crypto.replaced_key.set(crypto.unwrap(bytes(replaced), data_key) if replaced else None)
    plan = Plan.objects.filter(pk=plan_key.plan_id).first()
    if plan is not None:
        plan.data_key = data_key
    return plan


def _link_key(plan: Plan, token: str) -> PlanKey:
    return PlanKey(
        plan=plan,
        kind=PlanKey.Kind.LINK,
        lookup_hash=crypto.lookup_hash("link", token),
        wrapped_key=crypto.wrap(plan.data_key, crypto.key_from_token("link", token)),
    )


def _code_key(plan: Plan, code: str) -> PlanKey:
    salt = crypto.new_salt()
    return PlanKey(
        plan=plan,
        kind=PlanKey.Kind.CODE,
        lookup_hash=crypto.lookup_hash("code", code),
        wrapped_key=crypto.wrap(plan.data_key, crypto.key_from_code(code, salt)),
        salt=salt,
    )


def _give_link_and_code(plan: Plan) -> None:
    """A fresh link and code for the plan, wrapped around its data key."""
    plan.token = new_token()
    plan.resume_code = codes.new_resume_code(plan.language or settings.LANGUAGE_CODE)
    if plan.pk is None:
        plan.save()
    else:
        plan.save(update_fields=["token", "resume_code"])
    PlanKey.objects.bulk_create([_link_key(plan, plan.token), _code_key(plan, plan.resume_code)])


def create_plan() -> Plan:
    """A new, empty plan with its own data key, link and code; its key is open."""
    for _attempt in range(3):
        data_key = crypto.new_data_key()
        crypto.active_key.set(data_key)
        try:
            with transaction.atomic():
                plan = Plan(language=translation.get_language() or "")
                plan.data_key = data_key
                _give_link_and_code(plan)
                return plan
        except IntegrityError:  # a collision is astronomically unlikely; try again
            continue
    raise RuntimeError("could not create a unique plan")


def current_plan(request: HttpRequest) -> Plan | None:
    """The plan this device holds, opened for the rest of the request."""
    cached = getattr(request, "_current_plan", _UNSET)
    if cached is not _UNSET:
        return cached
    plan = _plan_from_session(request)
    if plan is not None:
        touch(plan)
        remember_language(plan)
    request._current_plan = plan
    return plan


def _plan_from_session(request: HttpRequest) -> Plan | None:
    device = request.session.get(SESSION_KEY)
    if not device:
        legacy_token = request.session.get(LEGACY_SESSION_KEY)
        plan = find_plan_by_token(legacy_token) if legacy_token else None
        if plan is not None:
            remember(request, plan)  # from now on, by a device key of its own
        return plan
    plan = find_plan_by_device(device)
    if plan is None:  # forgotten, replaced by a new link and code, or purged
        request.session.pop(SESSION_KEY, None)
    return plan


def find_plan_by_device(device: str) -> Plan | None:
    plan_key = (
        _plan_keys()
        .filter(lookup_hash=crypto.lookup_hash("device", device), kind=PlanKey.Kind.DEVICE)
        .first()
    )
    return _open(plan_key, crypto.key_from_token("device", device)) if plan_key else None


def holds_plan(request: HttpRequest) -> bool:
    """Whether this device has (or had, until this request) a plan open."""
    session = getattr(request, "session", None)
    return bool(session and (session.get(SESSION_KEY) or session.get(LEGACY_SESSION_KEY)))


def remember_language(plan: Plan) -> None:
    """The plan keeps the language it was last used in (its PDF is made in it)."""
    language = translation.get_language()
    if language and plan.language != language:
        plan.language = language
        plan.save(update_fields=["language"])


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
    """Give this device its own key to the plan (and forget any plan it held)."""
    _forget_device_key(request)
    device = new_token()
    PlanKey.objects.create(
        plan=plan,
        kind=PlanKey.Kind.DEVICE,
        lookup_hash=crypto.lookup_hash("device", device),
        wrapped_key=crypto.wrap(plan.data_key, crypto.key_from_token("device", device)),
    )
    devices = PlanKey.objects.filter(plan=plan, kind=PlanKey.Kind.DEVICE).order_by("-pk")
    stale = list(devices.values_list("pk", flat=True)[MAX_DEVICES:])
    if stale:
        PlanKey.objects.filter(pk__in=stale).delete()
    request.session.cycle_key()
    request.session.pop(LEGACY_SESSION_KEY, None)
    request.session[SESSION_KEY] = device
    request._current_plan = plan


def _forget_device_key(request: HttpRequest) -> None:
    device = request.session.get(SESSION_KEY)
    if device:
        PlanKey.objects.filter(lookup_hash=crypto.lookup_hash("device", device)).delete()


def forget(request: HttpRequest) -> None:
    """Forget the plan on this device: its key is deleted, so a copied cookie
    opens nothing either."""
    _forget_device_key(request)
    request.session.flush()
    request._current_plan = None


def new_link_and_code(request: HttpRequest, plan: Plan) -> None:
    """Replace every way into the plan: the old link, the old code and every
    device's key stop working; this device gets a new key. The data key is
    new too, so even someone who once learned the old one (and later copies
    the database) reads nothing written from now on, or before."""
    with transaction.atomic():
        _reseal(plan, crypto.new_data_key())
        PlanKey.objects.filter(plan=plan).delete()
        _give_link_and_code(plan)
        remember(request, plan)


def sealed_field_names(model) -> list[str]:
    return [field.name for field in sealed_fields(model)]


def _owned_rows(model, lookup: str, plan: Plan):
    """(model, rows) for every model whose rows belong to the plan, found
    through foreign keys back to it (its questions, clinics, their answers,
    costs, advert findings...), read with the key open now. Models are found,
    not named, so this app need not import the apps that hang rows on it."""
    for relation in model._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one):
            continue
        related = relation.related_model
        path = f"{relation.field.name}__{lookup}" if lookup else relation.field.name
        if sealed_field_names(related):
            yield related, list(related.objects.filter(**{path: plan}).order_by("pk"))
        yield from _owned_rows(related, path, plan)


def _reseal(plan: Plan, new_key: bytes) -> None:
    """Rewrite every sealed value of the plan under ``new_key``: all of it is
    read under the old key first, then written under the new one.

    A save from another device that opened the plan just before can still
    land under the old key after this commits; so the old key is kept,
    wrapped under the new one, and opens such a value (the next new link and
    code re-seals it). Whoever knew the old key learns nothing from it."""
    owned = list(_owned_rows(Plan, "", plan))
    old_key = plan.data_key
    plan.data_key, plan.replaced_key = new_key, crypto.wrap(old_key, new_key)
    crypto.active_key.set(new_key)
    crypto.replaced_key.set(old_key)
    plan.save(update_fields=[*sealed_field_names(Plan), "replaced_key"])
    for model, rows in owned:
        if rows:
            model.objects.bulk_update(rows, sealed_field_names(model), batch_size=200)


def find_plan_by_code(typed: str) -> Plan | None:
    code = normalise_code(typed)
    if not codes.looks_like_a_code(code):
        return None
    plan_key = (
        _plan_keys()
        .filter(lookup_hash=crypto.lookup_hash("code", code), kind=PlanKey.Kind.CODE)
        .first()
    )
    if plan_key is None:
        return None
    return _open(plan_key, crypto.key_from_code(code, bytes(plan_key.salt)))


def find_plan_by_token(token: str) -> Plan | None:
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None  # not one of ours (and never a NUL byte sent to the database)
    plan_key = (
        _plan_keys()
        .filter(lookup_hash=crypto.lookup_hash("link", token), kind=PlanKey.Kind.LINK)
        .first()
    )
    if plan_key is None:
        return None
    return _open(plan_key, crypto.key_from_token("link", token))
