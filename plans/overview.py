"""Everything in a visitor's plan, gathered once for the plan page and the PDF."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from clinics.selectors import ClinicSummary, clinic_summaries
from guide.models import Question

from .costs import WORKSHEET_LINES, Totals, worksheet_totals
from .models import CostItem, Plan, PlanQuestion
from .priorities import IMPORTANCE, OUTCOMES, TRADE_OFFS


@dataclass(frozen=True)
class WatchItem:
    sign: str
    why: str
    source_keys: tuple[str, ...]


# Warning signs after treatment, for the doctor's page. Each is cited.
WATCH_LIST = (
    WatchItem(
        _("Fever, chills, or redness, swelling or fluid where a needle went in"),
        _("Infections, some hard to treat, have followed stem cell injections in Mexico."),
        ("mmwr-2024",),
    ),
    WatchItem(
        _("Severe headache or stiff neck"),
        _("Headache is common after a spinal tap; with fever it can mean meningitis."),
        ("plewa-statpearls", "mmwr-2024"),
    ),
    WatchItem(
        _("New weakness or numbness, or new trouble with bladder or bowel"),
        _("Abnormal growths in the spinal cord have been reported months or years later."),
        ("berkowitz-2016", "cmaj-2019"),
    ),
    WatchItem(
        _("Pounding headache, flushing or sweating above the injury, a slow pulse"),
        _("These can be autonomic dysreflexia, an emergency in injuries at T6 or above."),
        ("pva-autonomic-dysreflexia-2001",),
    ),
)


@dataclass
class CostRow:
    label: str
    amount: Decimal
    currency: str


@dataclass
class PlanOverview:
    plan: Plan | None
    about: list[tuple[str, str]] = field(default_factory=list)
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    trade_offs: list[tuple[str, str]] = field(default_factory=list)
    clinics: list[ClinicSummary] = field(default_factory=list)
    cost_rows: list[CostRow] = field(default_factory=list)
    totals: Totals | None = None
    doctor_questions: list[str] = field(default_factory=list)
    clinic_questions: list[str] = field(default_factory=list)
    saved_questions: list[Question] = field(default_factory=list)
    own_questions: list[PlanQuestion] = field(default_factory=list)
    very_important: list[str] = field(default_factory=list)
    somewhat_important: list[str] = field(default_factory=list)


def about_rows(plan: Plan, *, with_details: bool = True) -> list[tuple[str, str]]:
    """What the visitor said about themselves, in a fixed order, skipping blanks."""
    rows = []
    for name in ("injury_level", "ais_grade", "months_since_injury", "age_band", "rehabilitation"):
        if name == "months_since_injury":
            value = "" if plan.months_since_injury is None else str(plan.months_since_injury)
        else:
            value = getattr(plan, f"get_{name}_display")()
        if value:
            rows.append((Plan._meta.get_field(name).verbose_name, value))
    if with_details and plan.rehabilitation_details:
        rows.append((_("About my rehabilitation"), plan.rehabilitation_details))
    return rows


def priority_rows(plan: Plan) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    saved = plan.priorities or {}
    importance = dict(IMPORTANCE)
    outcomes = [
        (label, importance[saved["outcomes"][key]])
        for key, label in OUTCOMES
        if saved.get("outcomes", {}).get(key) in importance
    ]
    trade_offs = []
    for key, label, choices in TRADE_OFFS:
        answer = dict(choices).get(saved.get(key))
        if answer:
            trade_offs.append((label, answer))
    return outcomes, trade_offs


def cost_rows(items: list[CostItem]) -> list[CostRow]:
    """The worksheet's filled-in lines, in worksheet order."""
    by_key = {item.key: item for item in items}
    rows = []
    for line in WORKSHEET_LINES:
        if line.key in by_key:
            item = by_key[line.key]
            label = (item.label or line.label) if line.named_by_visitor else line.label
            rows.append(CostRow(str(label), item.amount, item.currency))
    return rows


def plan_overview(plan: Plan | None) -> PlanOverview:
    """Gather a plan in a constant number of queries (about eight)."""
    if plan is None:
        return PlanOverview(plan=None)
    overview = PlanOverview(plan=plan)
    overview.about = about_rows(plan)
    overview.outcomes, overview.trade_offs = priority_rows(plan)
    ratings = (plan.priorities or {}).get("outcomes", {})
    overview.very_important = [str(label) for key, label in OUTCOMES if ratings.get(key) == "very"]
    overview.somewhat_important = [
        str(label) for key, label in OUTCOMES if ratings.get(key) == "somewhat"
    ]
    overview.clinics = clinic_summaries(plan)
    items = list(plan.cost_items.all())
    overview.cost_rows = cost_rows(items)
    if items:
        overview.totals = worksheet_totals(items, plan.currency, plan.exchange_rate)
    overview.saved_questions = list(
        plan.saved_questions.select_related("section").order_by("section__order", "order")
    )
    overview.own_questions = list(plan.own_questions.all())
    for question in overview.saved_questions:
        target = (
            overview.doctor_questions
            if question.audience == Question.Audience.DOCTOR
            else overview.clinic_questions
        )
        target.append(question.text)
    for own in overview.own_questions:
        target = (
            overview.doctor_questions
            if own.audience == Question.Audience.DOCTOR
            else overview.clinic_questions
        )
        target.append(own.text)
    return overview
