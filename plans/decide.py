"""Helping a person decide: which notes apply to them, the SURE test, where
to look for a trial. Plain functions the views and the PDF call."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from guide.models import OptionNote

from .models import Plan

When = OptionNote.When
NECK_LEVELS = {f"C{n}" for n in range(1, 9)}
HIGH_LEVELS = NECK_LEVELS | {f"T{n}" for n in range(1, 7)}


def notes_that_apply(plan: Plan | None) -> set[str]:
    """Which tailoring notes fit what the plan says (nothing, if it says nothing).

    >>> sorted(notes_that_apply(Plan(neurological_level="C5", ais_grade="B",
    ...                              months_since_injury=36)))
    ['high', 'incomplete', 'later', 'neck']
    """
    if plan is None:
        return set()
    keys = set()
    if plan.ais_grade == "A":
        keys.add(When.COMPLETE)
    elif plan.ais_grade in {"B", "C", "D"}:
        keys.add(When.INCOMPLETE)
    level = plan.neurological_level
    if level in NECK_LEVELS or (not level and plan.injury_level == Plan.InjuryLevel.CERVICAL):
        keys.add(When.NECK)
    elif level[:1] in {"T", "L", "S"} or plan.injury_level in {
        Plan.InjuryLevel.THORACIC,
        Plan.InjuryLevel.LUMBAR_SACRAL,
    }:
        keys.add(When.CHEST_OR_BACK)
    if level in HIGH_LEVELS or plan.injury_level == Plan.InjuryLevel.CERVICAL:
        keys.add(When.HIGH)
    if plan.months_since_injury is not None:
        keys.add(When.EARLY if plan.months_since_injury < 12 else When.LATER)
    return keys


# The SURE test (O'Connor and Légaré, 2008): four yes/no questions. Any "no"
# suggests the person does not yet feel ready to decide.
SURE_ITEMS = [
    (
        "sure",
        _("Do you feel sure about the best choice for you?"),
        _("There is no rush. You can decide later, or decide not to decide yet."),
    ),
    (
        "understand",
        _("Do you know the benefits and risks of each option?"),
        _("Read “Your options side by side”, then ask your own doctor what is unclear."),
    ),
    (
        "values",
        _("Are you clear about which benefits and risks matter most to you?"),
        _("Fill in “What matters most to me” in your plan."),
    ),
    (
        "support",
        _("Do you have enough support and advice to make a choice?"),
        _("Take your PDF summary to your own doctor, and talk it over with people you trust."),
    ),
]
SURE_WHEN = [("before", _("Before using the guide")), ("after", _("After using the guide"))]


@dataclass(frozen=True)
class SureResult:
    when: str
    answers: dict[str, str]

    @property
    def score(self) -> int:
        return sum(1 for key, _q, _n in SURE_ITEMS if self.answers.get(key) == "yes")

    @property
    def complete(self) -> bool:
        return all(self.answers.get(key) in {"yes", "no"} for key, _q, _n in SURE_ITEMS)

    @property
    def ready(self) -> bool:
        return self.complete and self.score == len(SURE_ITEMS)

    def next_steps(self) -> list[str]:
        """A plain next step for every "no"."""
        return [str(step) for key, _q, step in SURE_ITEMS if self.answers.get(key) == "no"]


def sure_results(plan: Plan | None) -> list[SureResult]:
    saved = (plan.sure if plan is not None else None) or {}
    return [SureResult(when, saved[when]) for when, _label in SURE_WHEN if saved.get(when)]


@dataclass(frozen=True)
class TrialSearch:
    name: str
    url: str
    how: str


def trial_search_terms(plan: Plan | None) -> str:
    """Search words from the plan: "spinal cord injury" plus what is known."""
    words = ["spinal cord injury"]
    if plan is not None:
        if plan.neurological_level[:1] == "C" or plan.injury_level == Plan.InjuryLevel.CERVICAL:
            words.append("cervical")
        elif plan.neurological_level[:1] == "T" or plan.injury_level == Plan.InjuryLevel.THORACIC:
            words.append("thoracic")
        if plan.months_since_injury is not None:
            words.append("chronic" if plan.months_since_injury >= 12 else "acute")
    return " ".join(words)


def trial_searches(plan: Plan | None) -> list[TrialSearch]:
    """Links to public trial registers, with the search filled in where the
    register allows it. The site only links: it fetches nothing."""
    terms = trial_search_terms(plan)
    extra = terms.removeprefix("spinal cord injury").strip()
    query = {"cond": "Spinal Cord Injuries", **({"term": extra} if extra else {})}
    return [
        TrialSearch(
            "ClinicalTrials.gov",
            "https://clinicaltrials.gov/search?" + urlencode(query),
            _("The United States register, with trials from many countries."),
        ),
        TrialSearch(
            _("World Health Organization trial search"),
            "https://trialsearch.who.int/",
            _("Trials from registers around the world. Type the search words shown below."),
        ),
        TrialSearch(
            _("Mexico's trial register (RNEC), on the COFEPRIS website"),
            "https://www.gob.mx/cofepris",
            _("In Spanish. Look for “Registro Nacional de Ensayos Clínicos”."),
        ),
        TrialSearch(
            "SCI Trials Finder",
            "https://scitrialsfinder.net/",
            _("Trials for spinal cord injury in plain words. It leaves out trials that charge."),
        ),
    ]
