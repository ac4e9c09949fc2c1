"""A clinic's whole-trip cost worksheet: lines, currencies and totals, in Decimal.

Quotes for stem cell treatment often cover only the procedure. For a person
with a spinal cord injury the trip costs more: accessible travel, a companion,
supplies, insurance, tests and care at home. The worksheet adds these to the
headline price so the visitor sees the whole sum at stake. The site fetches
nothing: the exchange rate is the one the visitor types.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CURRENCIES = [("USD", _("US dollars (USD)")), ("MXN", _("Mexican pesos (MXN)"))]
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("10000000")  # ten million: above this is a typing mistake
MAX_RATE = Decimal("1000")


@dataclass(frozen=True)
class CostLine:
    key: str
    label: str
    hint: str = ""
    named_by_visitor: bool = False  # an "other" line: the visitor says what it is


QUOTE = CostLine("quote", _("The clinic's quote (the headline price)"))
EXTRA_LINES = (
    CostLine(
        "flights",
        _("Flights"),
        _("Accessible seats, and extra bags for a wheelchair cushion or equipment."),
    ),
    CostLine("driving", _("Driving: fuel, tolls and parking"), _("If you go by road.")),
    CostLine(
        "local_transport",
        _("Accessible transport there"),
        _("Wheelchair taxis or vans between the airport, the hotel and the clinic."),
    ),
    CostLine("lodging", _("Accessible lodging"), _("For every night away, for both of you.")),
    CostLine("food", _("Food and drink"), _("For every day away, for both of you.")),
    CostLine(
        "companion",
        _("A companion's or carer's travel and pay"),
        _("Their flights or fuel, meals and wages."),
    ),
    CostLine(
        "equipment",
        _("Equipment and medical supplies"),
        _("Catheters, dressings, medicines to take, a spare cushion."),
    ),
    CostLine("interpreter", _("An interpreter")),
    CostLine(
        "insurance",
        _("Travel medical and evacuation insurance"),
        _("Check it covers planned treatment."),
    ),
    CostLine("tests", _("Tests before and after"), _("Scans and blood tests at home.")),
    CostLine(
        "follow_up",
        _("Follow-up care and rehabilitation at home"),
        _("Your insurance may refuse to pay for care linked to the treatment."),
    ),
    CostLine("lost_income", _("Lost income"), _("Lost pay for you and your companion.")),
)
OTHER_LINES = (
    CostLine("other_1", _("Other cost 1"), named_by_visitor=True),
    CostLine("other_2", _("Other cost 2"), named_by_visitor=True),
    CostLine("other_3", _("Other cost 3"), named_by_visitor=True),
)
# The keys of worksheet lines before each clinic had its own worksheet.
RENAMED_KEYS = {"travel": "flights", "supplies": "equipment", "rehab": "follow_up",
                "time_off": "lost_income"}  # fmt: skip
WORKSHEET_LINES = (QUOTE, *EXTRA_LINES, *OTHER_LINES)


def round_money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class MissingExchangeRate(ValueError):
    """Amounts in both currencies cannot be added up without a rate."""


def convert(amount: Decimal, currency: str, into: str, rate: Decimal | None) -> Decimal:
    """Convert between USD and MXN with ``rate`` pesos per dollar.

    >>> convert(Decimal("100"), "USD", "MXN", Decimal("17.25"))
    Decimal('1725.00')
    """
    if currency == into:
        return round_money(amount)
    if not rate:
        raise MissingExchangeRate(currency)
    if currency == "USD" and into == "MXN":
        return round_money(amount * rate)
    if currency == "MXN" and into == "USD":
        return round_money(amount / rate)
    raise ValueError(f"unknown currency pair {currency}->{into}")


@dataclass(frozen=True)
class Totals:
    currency: str
    headline: Decimal
    extras: Decimal
    whole_trip: Decimal
    left_out: dict[str, Decimal]  # by currency: lines that could not be converted

    @property
    def missing_rate(self) -> bool:
        return bool(self.left_out)

    @property
    def times_headline(self) -> Decimal | None:
        if not self.headline or self.missing_rate:
            return None  # a ratio of partial totals would mislead
        return (self.whole_trip / self.headline).quantize(Decimal("0.1"), ROUND_HALF_UP)


def worksheet_totals(items, currency: str, rate: Decimal | None) -> Totals:
    """Add up cost items (objects with key, amount, currency) in ``currency``.

    Lines in the other currency are converted at the visitor's rate; without
    a rate they are left out of the sums and listed in ``left_out``, so no
    partial figure is ever shown as the whole.
    """
    headline = extras = Decimal("0.00")
    left_out: dict[str, Decimal] = {}
    for item in items:
        try:
            amount = convert(item.amount, item.currency, currency, rate)
        except MissingExchangeRate:
            left_out[item.currency] = left_out.get(item.currency, Decimal("0.00")) + item.amount
            continue
        if item.key == QUOTE.key:
            headline += amount
        else:
            extras += amount
    return Totals(currency, headline, extras, headline + extras, left_out)


THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")


# Dictated amounts in either language: "28 thousand", "28 mil", "1.5 millones".
SPOKEN_MULTIPLIERS = {
    "thousand": Decimal(1000),
    "k": Decimal(1000),
    "mil": Decimal(1000),
    "million": Decimal(10**6),
    "millón": Decimal(10**6),
    "millon": Decimal(10**6),
    "millones": Decimal(10**6),
}
CURRENCY_WORD = re.compile(
    r"\s*(?:(?:us|de)\s+)?(?:dollars?|pesos?|dólar(?:es)?|dolar(?:es)?)"
    r"(?:\s+(?:americanos|estadounidenses|mexicanos))?$",
    re.IGNORECASE,
)
SPOKEN_AMOUNT = re.compile(
    r"^(?P<number>[\d,.]+|un)\s*(?P<word>thousand|k|mil|million|millón|millon|millones)$"
)


def parse_number(typed: str) -> Decimal:
    """ "$12,500.50" -> Decimal("12500.50"). Commas only as thousands separators:
    "1.500,50" or "12,50" (a decimal comma) is refused, never misread.
    Dictated amounts work too: "28 thousand" -> 28000, "1.5 million" -> 1500000,
    and in Spanish "28 mil" -> 28000, "un millón de pesos" -> 1000000."""
    cleaned = typed.strip().replace("$", "")
    if cleaned.upper().endswith(("USD", "MXN")):
        cleaned = cleaned[:-3].strip()
    cleaned = CURRENCY_WORD.sub("", cleaned)
    spoken = SPOKEN_AMOUNT.fullmatch(cleaned.lower())
    if spoken:
        number = Decimal(1) if spoken["number"] == "un" else parse_number(spoken["number"])
        return number * SPOKEN_MULTIPLIERS[spoken["word"]]
    cleaned = cleaned.replace(" ", "")
    if "," in cleaned:
        if not THOUSANDS.fullmatch(cleaned):
            raise ValueError(
                _("Use a point for cents and commas only for thousands, like 1,500.50.")
            )
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except ArithmeticError as error:
        raise ValueError(_("Enter an amount in numbers, like 1,500 or 1500.50.")) from error
    if not number.is_finite():
        raise ValueError(_("Enter an amount in numbers, like 1,500 or 1500.50."))
    return number


def parse_amount(typed: str) -> Decimal:
    """A money amount, rounded to the cent; raises ValueError with a plain message."""
    amount = parse_number(typed)
    if amount < 0:
        raise ValueError(_("An amount cannot be less than 0."))
    if amount > MAX_AMOUNT:
        raise ValueError(_("That amount looks too large. Check the number of zeros."))
    return round_money(amount)


def parse_rate(typed: str) -> Decimal:
    """Pesos for one US dollar, to 4 decimal places.

    Banks also show the rate the other way up (dollars for one peso, about
    0.05); taken as pesos per dollar it would shrink peso costs twentyfold.
    """
    try:
        rate = parse_number(typed)
    except ValueError as error:
        raise ValueError(_("Enter the rate in numbers, like 17.25.")) from error
    if 0 < rate < 1:
        raise ValueError(
            _(
                "This looks like dollars for 1 peso. "
                "Type how many pesos make 1 US dollar, like 17.25."
            )
        )
    if not 1 <= rate <= MAX_RATE:
        raise ValueError(_("Enter how many pesos make 1 US dollar, between 1 and 1,000."))
    return rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
