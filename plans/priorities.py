"""The words of "What matters most to me": outcomes, how much each matters,
and the trade-offs. Forms ask with them; the overview and the PDF show them."""

from django.utils.translation import gettext_lazy as _

OUTCOMES = [
    ("walking", _("Walking")),
    ("hands", _("Hand and arm function")),
    ("bladder_bowel", _("Bladder and bowel")),
    ("sexual", _("Sexual function")),
    ("pain", _("Pain")),
    ("spasticity", _("Spasticity (stiffness and spasms)")),
    ("breathing", _("Breathing")),
    ("independence", _("Independence in daily life")),
]
IMPORTANCE = [
    ("very", _("Very important")),
    ("somewhat", _("Somewhat important")),
    ("not", _("Not important")),
    ("prefer_not", _("Prefer not to say")),
]
TRADE_OFFS = [
    (
        "risk",
        _("How do you feel about the risk of harm?"),
        [
            ("accept_some", _("I would accept some risk for a chance of benefit")),
            ("avoid", _("I want to avoid risk as much as I can")),
            ("not_sure", _("Not sure yet")),
            ("prefer_not", _("Prefer not to say")),
        ],
    ),
    (
        "cost",
        _("How do you feel about the cost?"),
        [
            ("manageable", _("We could pay it without great hardship")),
            ("stretch", _("It would be a real stretch")),
            ("cannot_lose", _("We could not afford to lose this money")),
            ("prefer_not", _("Prefer not to say")),
        ],
    ),
    (
        "time_away",
        _("How do you feel about time away from home and your usual care?"),
        [
            ("fine", _("Time away would be fine")),
            ("hard", _("It would be hard")),
            ("very_hard", _("It would be very hard or unsafe")),
            ("prefer_not", _("Prefer not to say")),
        ],
    ),
    (
        "chance_or_savings",
        _("A small chance of some gain, or keeping my savings for care that is proven?"),
        [
            ("chance", _("I lean towards paying for a small chance of some gain")),
            ("savings", _("I lean towards keeping my savings for proven care")),
            ("not_sure", _("Not sure yet")),
            ("prefer_not", _("Prefer not to say")),
        ],
    ),
    (
        "now_or_trial",
        _("Trying something now, or waiting for a trial that may take me later?"),
        [
            ("now", _("I lean towards trying something now")),
            ("trial", _("I lean towards waiting for a registered trial")),
            ("not_sure", _("Not sure yet")),
            ("prefer_not", _("Prefer not to say")),
        ],
    ),
    (
        "far_or_near",
        _("Treatment far from home, or care close to my own team?"),
        [
            ("far", _("I would travel far for a treatment")),
            ("near", _("I lean towards care close to my own team")),
            ("not_sure", _("Not sure yet")),
            ("prefer_not", _("Prefer not to say")),
        ],
    ),
]
