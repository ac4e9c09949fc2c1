"""What to watch for after treatment, for the PDF's safety block. Each sign is cited.

The plans app's content check (``plans.checks``) makes sure every source named
here exists and has been checked, like the guide's own text.
"""

from dataclasses import dataclass
from itertools import chain

from django.utils.translation import gettext_lazy as _

# Words that mean the cells go into the spinal fluid (a spinal tap), in
# English and Spanish, as a visitor may copy them from a clinic's quote.
SPINAL_TAP_WORDS = (
    "spinal tap", "intrathecal", "lumbar", "spinal fluid",
    "punción lumbar", "puncion lumbar", "intratecal", "raquídea", "raquidea",
)  # fmt: skip


@dataclass(frozen=True)
class WarningSign:
    sign: str
    why: str
    source_keys: tuple[str, ...]


@dataclass(frozen=True)
class Timing:
    when: str
    signs: tuple[WarningSign, ...]


WARNING_SIGNS = (
    Timing(
        _("Hours to days after a spinal tap or a drip into a vein: get help at once"),
        (
            WarningSign(
                _("New weakness or numbness, new back pain, or new trouble with bladder or bowel"),
                _(
                    "Bleeding around the spinal cord after a spinal tap is rare but can cause "
                    "lasting paralysis. Blood thinners raise the risk. Treatment must start "
                    "within hours."
                ),
                ("lyons-2022", "sinclair-2009"),
            ),
            WarningSign(
                _("Severe headache with fever or a stiff neck"),
                _(
                    "Headache is common after a spinal tap. With fever or a stiff neck it can "
                    "mean an infection around the brain and spinal cord."
                ),
                ("rmm-manual", "mmwr-2024"),
            ),
            WarningSign(
                _("New chest pain or trouble breathing"),
                _(
                    "It can be a sign of a blood clot that has moved to the lung, and people "
                    "with a spinal cord injury have a high risk of clots. It is an emergency."
                ),
                ("vte-risk-sci-2023",),
            ),
        ),
    ),
    Timing(
        _("Days to weeks"),
        (
            WarningSign(
                _("Fever, chills, or redness, swelling or fluid where a needle went in"),
                _("Infections, some hard to treat, have followed stem cell injections in Mexico."),
                ("mmwr-2024",),
            ),
        ),
    ),
    Timing(
        _("Months to years"),
        (
            WarningSign(
                _("Slowly worsening strength, feeling, or bladder control"),
                _("Abnormal growths have been reported years after cell injections."),
                ("amariglio-2009",),
            ),
        ),
    ),
)

# Autonomic dysreflexia: who, what defines it, and first aid (injuries at T6 or above).
DYSREFLEXIA_SOURCES = ("cscm-ad-2021",)
DYSREFLEXIA_RISE_MMHG = 20  # above the person's usual systolic pressure (adults)

# What to ask the clinic for before leaving, so a doctor at home can help.
RECORDS_TO_BRING_HOME = (
    _("Where the cells came from (your own or a donor's), and how donors were screened"),
    _("The dose given by each route (into a vein, a spinal tap, into the cord)"),
    _("The lot number and the certificate of analysis of the cell product"),
    _("Test results for sterility, endotoxin and mycoplasma"),
    _("A written note of each procedure, and of any problem during or after it"),
    _("A copy of the consent form you signed"),
)


def safety_source_keys() -> list[str]:
    keys = chain.from_iterable(sign.source_keys for t in WARNING_SIGNS for sign in t.signs)
    return list(dict.fromkeys([*keys, *DYSREFLEXIA_SOURCES]))


def mentions_spinal_tap(*texts: str) -> bool:
    """Whether a clinic's route or dose, as the visitor typed it, means a spinal tap."""
    text = " ".join(texts).lower()
    return any(word in text for word in SPINAL_TAP_WORDS)
