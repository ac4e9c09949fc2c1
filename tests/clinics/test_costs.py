from decimal import Decimal
from types import SimpleNamespace

import pytest

from clinics.costs import (
    MissingExchangeRate,
    convert,
    parse_amount,
    parse_rate,
    round_money,
    worksheet_totals,
)


def item(key, amount, currency="USD"):
    return SimpleNamespace(key=key, amount=Decimal(amount), currency=currency)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12,500.50", "12500.50"), ("$3,000", "3000.00"), (" 45 ", "45.00"), ("1e3", "1000.00"),
     ("0.005", "0.01"), ("0.004", "0.00"), ("7 500 MXN", "7500.00")],
)  # fmt: skip
def test_parse_amount_understands_how_people_type_money(typed, expected):
    assert parse_amount(typed) == Decimal(expected)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("-5", "cannot be less than 0"), ("abc", "in numbers"), ("NaN", "in numbers"),
     ("Infinity", "in numbers"), ("1e400", "too large"), ("99999999999", "too large"),
     ("1.500,50", "point for cents"), ("12,50", "point for cents"), ("1,2,3", "point for cents")],
)  # fmt: skip
def test_parse_amount_refuses_bad_values_with_a_plain_message(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_amount(typed)


def test_rounding_is_half_up_to_the_cent():
    assert round_money(Decimal("2.345")) == Decimal("2.35")
    assert round_money(Decimal("2.344")) == Decimal("2.34")


def test_convert_uses_the_visitors_rate_both_ways():
    rate = Decimal("17.25")
    assert convert(Decimal("100"), "USD", "MXN", rate) == Decimal("1725.00")
    assert convert(Decimal("1725"), "MXN", "USD", rate) == Decimal("100.00")
    assert convert(Decimal("10"), "MXN", "MXN", None) == Decimal("10.00")
    with pytest.raises(MissingExchangeRate):
        convert(Decimal("10"), "MXN", "USD", None)


def test_totals_split_the_headline_price_from_what_it_leaves_out():
    items = [item("quote", "20000"), item("travel", "1500.50"), item("lodging", "17250", "MXN")]
    totals = worksheet_totals(items, "USD", Decimal("17.25"))
    assert totals.headline == Decimal("20000.00")
    assert totals.extras == Decimal("2500.50")
    assert totals.whole_trip == Decimal("22500.50")
    assert totals.times_headline == Decimal("1.1")
    assert not totals.missing_rate


def test_totals_leave_out_other_currency_lines_without_a_rate_and_say_so():
    totals = worksheet_totals([item("quote", "100"), item("travel", "500", "MXN")], "USD", None)
    assert totals.whole_trip == Decimal("100.00")
    assert totals.left_out == {"MXN": Decimal("500")}
    assert totals.missing_rate and totals.times_headline is None


def test_totals_in_pesos_are_exact_decimals():
    items = [item("quote", "0.10"), item("travel", "0.20")]
    assert worksheet_totals(items, "USD", None).whole_trip == Decimal("0.30")


def test_parse_rate_keeps_four_places_and_refuses_the_rate_upside_down():
    assert parse_rate("17.2549") == Decimal("17.2549")
    assert parse_rate("17.25499") == Decimal("17.2550")
    with pytest.raises(ValueError, match="dollars for 1 peso"):
        parse_rate("0.058")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("28 thousand", "28000.00"), ("28k", "28000.00"), ("1.5 million", "1500000.00"),
     ("28 thousand dollars", "28000.00"), ("25000 pesos", "25000.00"),
     ("300 US dollars", "300.00"), ("28 mil", "28000.00"), ("28 mil dólares", "28000.00"),
     ("1.5 millones", "1500000.00"), ("un millón de pesos", "1000000.00"),
     ("450 mil pesos mexicanos", "450000.00"), ("2 Millones", "2000000.00"),
     ("300 dólares americanos", "300.00")],
)  # fmt: skip
def test_dictated_amounts_are_understood(typed, expected):
    assert parse_amount(typed) == Decimal(expected)


@pytest.mark.parametrize("typed", ["mil", "28 miles", "veinte mil", "1,5 millones"])
def test_spanish_words_that_are_not_an_amount_are_refused(typed):
    with pytest.raises(ValueError):
        parse_amount(typed)
