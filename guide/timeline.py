"""The timeline tool: what "months since injury" means for judging results.

Natural recovery after a spinal cord injury is fastest in the first three
months, mostly done by six to nine months, and small gains can come up to
eighteen months or later (Fawcett 2007; Kirshblum 2021). Clinics say changes
show three to twenty-four months after treatment. Where the two windows
overlap, a change cannot be credited to the treatment without a comparison
group. These dataclasses hold that reasoning so the view and the chart share
one source, and tests can call it directly.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MAX_MONTHS = 1200  # 100 years; anything above is a typing mistake
CLINIC_CLAIM_MONTHS = (3, 24)  # after treatment, as the clinic article claims


@dataclass(frozen=True)
class Phase:
    key: str
    start: int  # months since injury, inclusive
    end: int | None  # exclusive; None means "and later"
    label: str
    explanation: str
    source_keys: tuple[str, ...]

    @property
    def last_month(self) -> int | None:
        return None if self.end is None else self.end - 1

    def contains(self, months: int) -> bool:
        return months >= self.start and (self.end is None or months < self.end)


PHASES = (
    Phase(
        "fastest",
        0,
        3,
        _("Fastest natural recovery"),
        _(
            "You are in the first months after injury. This is when recovery on its own is "
            "fastest. A change you notice now would be expected with or without stem cells."
        ),
        ("fawcett-2007", "kirshblum-2021"),
    ),
    Phase(
        "most",
        3,
        9,
        _("Most natural recovery happens"),
        _(
            "Most natural gains in grade and movement happen by about six to nine months. "
            "A change in this time would be very hard to credit to a treatment."
        ),
        ("kirshblum-2021", "fawcett-2007"),
    ),
    Phase(
        "slowing",
        9,
        18,
        _("Small natural gains still possible"),
        _(
            "Natural recovery has slowed, but small gains can still come up to about eighteen "
            "months or later. Only a study with a comparison group could tell a treatment's "
            "effect apart from this."
        ),
        ("fawcett-2007", "kirshblum-2021"),
    ),
    Phase(
        "settled",
        18,
        None,
        _("Little natural change"),
        _(
            "Natural recovery has mostly levelled off. A change after treatment is less likely "
            "to be natural recovery. But normal ups and downs, the placebo effect and extra "
            "rehab can still look like improvement."
        ),
        ("fawcett-2007", "iccp-position-2009", "mcdougall-2025"),
    ),
)


def phase_for(months: int) -> Phase:
    for phase in PHASES:
        if phase.contains(months):
            return phase
    raise ValueError(f"months must be between 0 and {MAX_MONTHS}")


@dataclass(frozen=True)
class Band:
    phase: Phase
    x: float
    width: float
    is_current: bool


@dataclass(frozen=True)
class TimelineChart:
    """Geometry for the server-rendered SVG (units: 0–600 across)."""

    axis_months: int
    bands: list[Band]
    ticks: list[tuple[float, int]]
    marker_x: float | None
    claim_x: float | None
    claim_width: float | None
    claim_start: int | None
    claim_end: int | None

    WIDTH = 600

    @property
    def claim_end_x(self) -> float | None:
        return None if self.claim_x is None else self.claim_x + self.claim_width

    @property
    def claim_label_end(self) -> bool:
        """Right-align the label when the window sits on the right half."""
        return self.claim_x is not None and self.claim_x > self.WIDTH / 2


def timeline_chart(months: int | None) -> TimelineChart:
    """Lay out the phases, the visitor's position, and the clinic's claimed window.

    With months = 14 the clinic's window (3–24 months after a treatment given
    now) runs from 17 to 38 months after injury, so the axis grows to 48.
    """
    axis = 36
    claim_start = claim_end = None
    if months is not None:
        claim_start, claim_end = months + CLINIC_CLAIM_MONTHS[0], months + CLINIC_CLAIM_MONTHS[1]
        axis = max(axis, -(-claim_end // 12) * 12)

    def x(m: int) -> float:
        return round(min(m, axis) / axis * TimelineChart.WIDTH, 1)

    bands = [
        Band(
            phase,
            x(phase.start),
            x(phase.end if phase.end is not None else axis) - x(phase.start),
            months is not None and phase.contains(months),
        )
        for phase in PHASES
    ]
    step = 6 if axis <= 48 else 12 if axis <= 120 else 60
    ticks = [(x(m), m) for m in range(0, axis + 1, step)]
    return TimelineChart(
        axis_months=axis,
        bands=bands,
        ticks=ticks,
        marker_x=x(months) if months is not None else None,
        claim_x=x(claim_start) if claim_start is not None else None,
        claim_width=(x(claim_end) - x(claim_start)) if claim_start is not None else None,
        claim_start=claim_start,
        claim_end=claim_end,
    )


def describe_months(months: int) -> str:
    years, rest = divmod(months, 12)
    if years and rest:
        return (
            ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
            + ", "
            + ngettext("%(n)d month", "%(n)d months", rest) % {"n": rest}
        )
    if years:
        return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
