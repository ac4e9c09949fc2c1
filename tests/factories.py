"""Small factories: each test builds only the rows it needs."""

import datetime
import itertools
import time

from django.test import Client
from django.utils import timezone

from clinics.models import CheckQuestion, Clinic, QuestionGroup
from guide.models import GlossaryTerm, KeyPoint, Section, Source
from plans import access, crypto, throttle
from plans.models import Plan

_serial = itertools.count(1)


def make_source(**fields) -> Source:
    n = next(_serial)
    values = {"key": f"test-source-{n}", "authors": "Author A", "title": f"Study {n}",
              "year": 2020, "kind": Source.Kind.STUDY} | fields  # fmt: skip
    return Source.objects.create(**values)


def make_term(**fields) -> GlossaryTerm:
    n = next(_serial)
    values = {"slug": f"test-term-{n}", "term": f"Term {n}", "definition": "A plain meaning."}
    return GlossaryTerm.objects.create(**(values | fields))


def make_section(*, key_points: list[str] = (), **fields) -> Section:
    n = next(_serial)
    today = datetime.date(2026, 11, 20)
    values = {"slug": f"test-section-{n}", "order": 100 + n, "title": f"Section {n}",
              "summary": "A summary.", "body": "Some text.", "last_reviewed": today,
              "next_review_due": today + datetime.timedelta(days=365)} | fields  # fmt: skip
    section = Section.objects.create(**values)
    for order, text in enumerate(key_points, start=1):
        KeyPoint.objects.create(section=section, order=order, text=text)
    return section


def make_check_question(**fields) -> CheckQuestion:
    n = next(_serial)
    group = fields.pop("group", None) or QuestionGroup.objects.create(
        slug=f"test-group-{n}", order=100 + n, title=f"Group {n}"
    )
    values = {"group": group, "slug": f"test-question-{n}", "order": n,
              "text": f"Question {n}?", "why_it_matters": "Because.",
              "ask_clinic": f"Ask {n}?"} | fields  # fmt: skip
    return CheckQuestion.objects.create(**values)


def make_plan() -> Plan:
    """A new plan; its data key is open for the rest of the test (see ``use``)."""
    return access.create_plan()


def use(plan: Plan) -> Plan:
    """Open this plan's data key in the test, as a request that opened it would.

    One key is open at a time: a test that works on two plans calls this
    before reading or writing the other one.
    """
    crypto.active_key.set(plan.data_key)
    return plan


def make_clinic(plan: Plan | None = None, **fields) -> Clinic:
    plan = use(plan or make_plan())
    return Clinic.objects.create(plan=plan, **({"name": "Clinic"} | fields))


def plan_of(client: Client) -> Plan | None:
    """The plan a test client's session holds, opened as the site would open it."""
    device = client.session.get(access.SESSION_KEY)
    return access.find_plan_by_device(device) if device else None


def cost_worksheet_data(
    currency: str = "USD", exchange_rate: str = "", quote_sessions: str = "", **lines
) -> dict:
    """POST data for the cost worksheet, as the page's form sends it.

    ``lines`` maps a line key to ``(amount, currency)`` or
    ``(amount, currency, label)``: ``quote=("25,000", "USD")``.
    """
    from clinics.costs import WORKSHEET_LINES
    from clinics.forms import CostWorksheet

    prefix = CostWorksheet.prefix
    data = {
        "currency": currency,
        "exchange_rate": exchange_rate,
        "quote_sessions": quote_sessions,
        f"{prefix}-TOTAL_FORMS": str(len(WORKSHEET_LINES)),
        f"{prefix}-INITIAL_FORMS": str(len(WORKSHEET_LINES)),
    }
    for index, line in enumerate(WORKSHEET_LINES):
        amount, line_currency, label = (*lines.get(line.key, ("", "USD")), "")[:3]
        data[f"{prefix}-{index}-amount"] = amount
        data[f"{prefix}-{index}-currency"] = line_currency
        if line.named_by_visitor:
            data[f"{prefix}-{index}-label"] = label
    return data


def make_option(**fields):
    from guide.models import Option

    n = next(_serial)
    cells = {key: f"{label} for option {n}." for key, label in Option.ROWS}
    values = {"slug": f"test-option-{n}", "order": 100 + n, "name": f"Option {n}"} | cells
    return Option.objects.create(**(values | fields))


def make_quiz_question(**fields):
    from guide.models import QuizQuestion

    n = next(_serial)
    section = fields.pop("section", None) or make_section(key_points=["One.", "Two.", "Three."])
    values = {"slug": f"test-quiz-{n}", "order": 100 + n, "text": f"Quiz question {n}?",
              "choices": ["Right", "Wrong"], "correct": 0,
              "explanation": f"Because {n}.", "section": section}  # fmt: skip
    return QuizQuestion.objects.create(**(values | fields))


def make_advert_sign(**fields):
    from clinics.models import AdvertSign

    n = next(_serial)
    values = {"slug": f"test-sign-{n}", "order": 100 + n, "name": f"Sign {n}",
              "explanation": "Why.", "explanation_html": "<p>Why.</p>", "ask": "Ask?",
              "patterns": r"\bmiracle\b"}  # fmt: skip
    return AdvertSign.objects.create(**(values | fields))


def in_one_throttle_window(limit, margin_seconds: float = 10) -> None:
    """Make sure the next ``margin_seconds`` fall inside one counting window:
    counts start over on the clock, so a test's tries must not straddle it."""
    now = timezone.now()
    left = (throttle.window_start(limit, now) + limit.window - now).total_seconds()
    if left < margin_seconds:
        time.sleep(left + 0.1)
