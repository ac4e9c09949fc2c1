"""The whole-trip cost worksheet: lines, currencies and totals, in Decimal.

Quotes for stem cell treatment often cover only the procedure. For a person
with a spinal cord injury the trip costs more: accessible travel, a companion,
supplies, insurance, tests and care at home. The worksheet adds these to the
headline price so the visitor sees the whole sum at stake. The site fetches
nothing: the exchange rate is the one the visitor types.
"""

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


QUOTE = CostLine("quote", _("The clinic's quote (the headline price)"))
EXTRA_LINES = (
    CostLine(
        "travel", _("Accessible flights and transfers"), _("Wheelchair-accessible transport.")
    ),
    CostLine(
        "companion", _("A companion's or attendant's travel"), _("Their flights, meals, wages.")
    ),
    CostLine("lodging", _("Accessible lodging"), _("For every night away, for both of you.")),
    CostLine("supplies", _("Medical supplies"), _("Catheters, dressings, medicines to take.")),
    CostLine("interpreter", _("An interpreter")),
    CostLine(
        "insurance",
        _("Travel medical and evacuation insurance"),
        _("Check it covers planned treatment."),
    ),
    CostLine("tests", _("Tests before and after"), _("Scans and blood tests at home.")),
    CostLine("rehab", _("Rehabilitation after")),
    CostLine(
        "follow_up",
        _("Follow-up care and imaging at home"),
        _("Your insurance may refuse to pay for care linked to the treatment."),
    ),
    CostLine("time_off", _("Time off work"), _("Lost pay for you and your companion.")),
)
OTHER_LINE_COUNT = 3
OTHER_KEYS = tuple(f"other_{n}" for n in range(1, OTHER_LINE_COUNT + 1))


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
    missing_rate: bool

    @property
    def at_risk(self) -> Decimal:
        """Everything paid is lost if the treatment does not help."""
        return self.whole_trip

    @property
    def times_headline(self) -> Decimal | None:
        if not self.headline:
            return None
        return (self.whole_trip / self.headline).quantize(Decimal("0.1"), ROUND_HALF_UP)


def worksheet_totals(items, currency: str, rate: Decimal | None) -> Totals:
    """Add up cost items (objects with key, amount, currency) in ``currency``.

    Lines in the other currency are converted at the visitor's rate; without
    a rate they are left out and ``missing_rate`` says so.
    """
    headline = extras = Decimal("0.00")
    missing_rate = False
    for item in items:
        try:
            amount = convert(item.amount, item.currency, currency, rate)
        except MissingExchangeRate:
            missing_rate = True
            continue
        if item.key == QUOTE.key:
            headline += amount
        else:
            extras += amount
    return Totals(currency, headline, extras, headline + extras, missing_rate)


def parse_amount(typed: str) -> Decimal:
    """ "$12,500.50" -> Decimal("12500.50"); raises ValueError with a plain message."""
    cleaned = typed.strip().replace(",", "").replace("$", "").replace(" ", "")
    if cleaned.upper().endswith(("USD", "MXN")):
        cleaned = cleaned[:-3]
    try:
        amount = Decimal(cleaned)
    except ArithmeticError as error:
        raise ValueError(_("Enter an amount in numbers, like 1,500 or 1500.50.")) from error
    if not amount.is_finite():
        raise ValueError(_("Enter an amount in numbers, like 1,500 or 1500.50."))
    if amount < 0:
        raise ValueError(_("An amount cannot be less than 0."))
    if amount > MAX_AMOUNT:
        raise ValueError(_("That amount looks too large. Check the number of zeros."))
    return round_money(amount)
