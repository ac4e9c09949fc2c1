"""Everything in a visitor's plan, gathered once for the plan page and the PDF."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clinics.costs import WORKSHEET_LINES
from clinics.models import ClinicCost
from clinics.selectors import ClinicSummary, advert_findings_by_clinic, clinic_summaries
from guide.models import Question

from .decide import SureResult, sure_results
from .models import Plan, PlanQuestion
from .priorities import IMPORTANCE, OUTCOMES, TRADE_OFFS
from .safety import mentions_spinal_tap
from .voice import Voice, voice_for

# Injuries at T6 or above are the ones at risk of autonomic dysreflexia.
LEVELS_AT_RISK_OF_DYSREFLEXIA = {*(f"C{n}" for n in range(1, 9)), *(f"T{n}" for n in range(1, 7))}


@dataclass
class CostRow:
    label: str
    amount: Decimal
    currency: str


@dataclass
class ClinicCard:
    """One clinic as the plan and the PDF show it: details, costs, findings."""

    item: ClinicSummary
    cost_rows: list[CostRow]
    spinal_tap: bool
    advert_findings: list = field(default_factory=list)

    @property
    def clinic(self):
        return self.item.clinic

    @property
    def summary(self):
        return self.item.summary

    @property
    def totals(self):
        return self.item.totals

    @property
    def details(self) -> list[tuple[str, str]]:
        """Everything the clinic proposed, as the visitor copied it."""
        clinic = self.clinic
        deadline = clinic.decision_deadline.isoformat() if clinic.decision_deadline else ""
        rows = [
            (_("City"), clinic.city),
            (_("Website"), clinic.website),
            (_("License number, as told"), clinic.licence_number),
            (_("Cell type"), clinic.cell_type),
            (_("Where the cells come from"), clinic.cell_source),
            (_("Dose"), clinic.dose),
            (_("How the cells are given"), clinic.route),
            (_("How the dose is split between routes"), clinic.dose_by_route),
            (_("Sessions"), clinic.sessions),
            (_("Sessions the quote covers"), clinic.quote_sessions or ""),
            (_("Proposed dates"), clinic.dates),
            (_("Deposit"), clinic.deposit),
            (_("Refund terms"), clinic.refund_terms),
            (_("Decision or deposit deadline"), deadline),
        ]
        return [(str(label), str(value)) for label, value in rows]


@dataclass
class PlanOverview:
    plan: Plan | None
    voice: Voice
    about: list[tuple[str, str]] = field(default_factory=list)
    baseline: list[tuple[str, str]] = field(default_factory=list)
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    trade_offs: list[tuple[str, str]] = field(default_factory=list)
    very_important: list[str] = field(default_factory=list)
    somewhat_important: list[str] = field(default_factory=list)
    clinics: list[ClinicCard] = field(default_factory=list)
    doctor_questions: list[str] = field(default_factory=list)
    clinic_questions: list[str] = field(default_factory=list)
    saved_questions: list[Question] = field(default_factory=list)
    own_questions: list[PlanQuestion] = field(default_factory=list)
    blood_thinner_and_spinal_tap: list[str] = field(default_factory=list)  # clinic names
    dysreflexia_risk: bool = False
    sure: list[SureResult] = field(default_factory=list)

    @property
    def clinics_to_ask(self) -> list[ClinicCard]:
        return [card for card in self.clinics if card.summary.to_ask]


def display(plan: Plan, name: str) -> str:
    value = getattr(plan, name)
    if value in ("", None):
        return ""
    if Plan._meta.get_field(name).choices:
        return str(getattr(plan, f"get_{name}_display")())
    return str(value)


def level_text(plan: Plan) -> str:
    if plan.neurological_level and plan.neurological_level != "not_sure":
        return plan.neurological_level
    return display(plan, "injury_level")


def since_text(plan: Plan) -> str:
    if plan.months_since_injury is None:
        return ""
    years, months = divmod(plan.months_since_injury, 12)
    if years:
        text = _("%(y)d years, %(m)d months") % {"y": years, "m": months}
    else:
        text = _("%(m)d months") % {"m": months}
    if plan.injury_date:
        text += f" ({plan.injury_date:%m/%Y})"
    return str(text)


def yes_with_details(plan: Plan, name: str, details: str) -> str:
    answer = display(plan, name)
    extra = getattr(plan, details)
    return f"{answer}: {extra}" if answer and extra else answer or extra


def about_rows(plan: Plan) -> list[tuple[str, str]]:
    """Everything said about the person with the injury, in a clinician's order."""
    exam = ""
    if plan.exam_date or plan.motor_score is not None:
        scores = [
            f"{label} {value}"
            for label, value in (
                (_("motor"), plan.motor_score),
                (_("light touch"), plan.light_touch_score),
                (_("pin prick"), plan.pin_prick_score),
            )
            if value is not None
        ]
        exam = ", ".join(filter(None, [plan.exam_date and f"{plan.exam_date:%m/%Y}", *scores]))
    rows = [
        (_("Filled in by"), display(plan, "filled_in_by")),
        (_("Neurological level"), level_text(plan)),
        (_("AIS grade"), display(plan, "ais_grade")),
        (_("Time since injury"), since_text(plan)),
        (_("How the injury happened"), plan.injury_cause),
        (_("Latest exam"), exam),
        (_("Blood thinner"), yes_with_details(plan, "blood_thinner", "blood_thinner_name")),
        (_("Allergies"), yes_with_details(plan, "allergies", "allergy_details")),
        (_("Autonomic dysreflexia before"), display(plan, "dysreflexia")),
        (_("Usual blood pressure"), plan.usual_blood_pressure),
        (_("Medicines"), plan.medicines),
        (_("Bladder"), display(plan, "bladder")),
        (_("Bowel"), display(plan, "bowel")),
        (_("Skin"), display(plan, "skin")),
        (_("Breathing"), display(plan, "breathing")),
        (_("More about daily care"), plan.care_details),
        (_("Age"), display(plan, "age_band")),
        (
            _("Rehabilitation now"),
            yes_with_details(plan, "rehabilitation", "rehabilitation_details"),
        ),
        (_("Goals"), plan.goals),
    ]
    return [(str(label), value) for label, value in rows if value]


def baseline_rows(plan: Plan) -> list[tuple[str, str]]:
    """The baseline a clinician looks for first; a blank says so rather than hiding."""
    missing = str(_("not filled in"))
    dysreflexia = display(plan, "dysreflexia")
    if plan.usual_blood_pressure:
        usual = _("usual blood pressure %(bp)s") % {"bp": plan.usual_blood_pressure}
        dysreflexia = f"{dysreflexia}; {usual}" if dysreflexia else str(usual)
    care = "; ".join(
        f"{label}: {value}"
        for label, value in (
            (_("bladder"), display(plan, "bladder")),
            (_("bowel"), display(plan, "bowel")),
            (_("skin"), display(plan, "skin")),
            (_("breathing"), display(plan, "breathing")),
        )
        if value
    )
    ais = f"AIS {plan.ais_grade}" if plan.ais_grade in "ABCDE" and plan.ais_grade else ""
    rows = [
        (_("Level and AIS grade"), " ".join(filter(None, [level_text(plan), ais]))),
        (_("Time since injury"), since_text(plan)),
        (_("Blood thinner"), yes_with_details(plan, "blood_thinner", "blood_thinner_name")),
        (_("Allergies"), yes_with_details(plan, "allergies", "allergy_details")),
        (_("Autonomic dysreflexia"), dysreflexia),
        (_("Bladder, bowel, skin, breathing"), care),
    ]  # fmt: skip
    return [(str(label), value or missing) for label, value in rows]


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


def cost_rows(items: list[ClinicCost]) -> list[CostRow]:
    """A clinic's filled-in worksheet lines, in worksheet order."""
    by_key = {item.key: item for item in items}
    rows = []
    for line in WORKSHEET_LINES:
        if line.key in by_key:
            item = by_key[line.key]
            label = (item.label or line.label) if line.named_by_visitor else line.label
            rows.append(CostRow(str(label), item.amount, item.currency))
    return rows


def plan_overview(plan: Plan | None) -> PlanOverview:
    """Gather a plan in a constant number of queries (about seven)."""
    overview = PlanOverview(plan=plan, voice=voice_for(plan))
    if plan is None:
        return overview
    overview.about = about_rows(plan)
    overview.baseline = baseline_rows(plan)
    overview.outcomes, overview.trade_offs = priority_rows(plan)
    ratings = (plan.priorities or {}).get("outcomes", {})
    overview.very_important = [str(label) for key, label in OUTCOMES if ratings.get(key) == "very"]
    overview.somewhat_important = [
        str(label) for key, label in OUTCOMES if ratings.get(key) == "somewhat"
    ]
    summaries = clinic_summaries(plan)
    findings = advert_findings_by_clinic([item.clinic for item in summaries])
    for item in summaries:
        clinic = item.clinic
        spinal_tap = mentions_spinal_tap(clinic.route, clinic.dose_by_route, clinic.dose)
        overview.clinics.append(
            ClinicCard(item, cost_rows(item.costs), spinal_tap, findings[clinic.pk])
        )
    overview.sure = sure_results(plan)
    if plan.blood_thinner == Plan.YesNo.YES:
        overview.blood_thinner_and_spinal_tap = [
            card.clinic.name for card in overview.clinics if card.spinal_tap
        ]
    overview.dysreflexia_risk = (
        plan.neurological_level in LEVELS_AT_RISK_OF_DYSREFLEXIA
        or plan.injury_level == Plan.InjuryLevel.CERVICAL
        or plan.dysreflexia == Plan.YesNo.YES
    )
    overview.saved_questions = list(
        plan.saved_questions_in(get_language())
        .select_related("section")
        .order_by("section__order", "order")
    )
    overview.own_questions = list(plan.own_questions.all())
    for question in [*overview.saved_questions, *overview.own_questions]:
        target = (
            overview.doctor_questions
            if question.audience == Question.Audience.DOCTOR
            else overview.clinic_questions
        )
        target.append(question.text)
    return overview
