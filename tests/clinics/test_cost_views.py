from decimal import Decimal

import pytest
from django.urls import reverse

from clinics.models import ClinicCost
from tests.factories import cost_worksheet_data

from .conftest import add_clinic

pytestmark = pytest.mark.django_db


def COSTS(clinic) -> str:  # noqa: N802 - reads like the URL it is
    return reverse("clinics:costs", args=[clinic.public_id])


def test_cost_worksheet_adds_up_the_whole_trip(client, clinic):
    client.post(
        COSTS(clinic),
        cost_worksheet_data(
            exchange_rate="17.50",
            quote_sessions="3",
            quote=("25,000", "USD"),
            lodging=("17,500", "MXN"),
            other_1=("250", "USD", "Wheelchair repair"),
        ),
    )
    clinic.refresh_from_db()
    assert clinic.plan.exchange_rate == Decimal("17.5") and clinic.quote_sessions == 3
    assert clinic.costs.count() == 3
    html = client.get(COSTS(clinic)).content.decode()
    assert "26,250.00 USD" in html  # 25,000 + 1,000 (17,500 MXN) + 250
    assert "Wheelchair repair" in html
    assert "money at risk if it does not help" in html


def test_bad_cost_lines_get_messages_and_the_other_lines_are_kept(client, clinic):
    response = client.post(
        COSTS(clinic),
        cost_worksheet_data(
            quote=("20000", "USD"),
            flights=("-40", "USD"),
            lodging=("lots", "USD"),
            equipment=("1e12", "USD"),
            interpreter=("300", "XYZ"),
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "An amount cannot be less than 0." in html
    assert "Enter an amount in numbers" in html
    assert "That amount looks too large" in html
    assert "Choose US dollars or Mexican pesos." in html
    for typed in ('value="-40"', 'value="lots"', 'value="1e12"', 'value="20000"'):
        assert typed in html
    assert list(clinic.costs.values_list("key", "amount")) == [("quote", Decimal("20000.00"))]


def test_clearing_a_cost_line_removes_it(client, clinic):
    client.post(COSTS(clinic), cost_worksheet_data(quote=("100", "USD")))
    client.post(COSTS(clinic), cost_worksheet_data(quote=("", "USD")))
    assert not ClinicCost.objects.exists()


def test_mixed_currencies_without_a_rate_are_never_added_up_as_one_figure(client, clinic):
    response = client.post(
        COSTS(clinic),
        cost_worksheet_data(quote=("300,000", "MXN"), flights=("2000", "USD")),
    )
    assert response.status_code == 400
    assert "Enter an exchange rate so they can be added up." in response.content.decode()
    html = client.get(COSTS(clinic)).content.decode()
    assert "2,000.00 USD + 300,000.00 MXN" in html
    assert "Not all added up" in html
    assert "times the headline price" not in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [("1.500,50", "Use a point for cents"), ("12,50", "Use a point for cents")],
)
def test_decimal_commas_are_refused_not_misread(client, clinic, typed, message):
    response = client.post(COSTS(clinic), cost_worksheet_data(quote=(typed, "USD")))
    assert message in response.content.decode()
    assert not ClinicCost.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("0.058", "looks like dollars for 1 peso"), ("17,5", "in numbers"), ("-3", "between 1"),
     ("5000", "between 1 and 1,000")],
)  # fmt: skip
def test_exchange_rate_the_wrong_way_up_or_odd_is_refused(client, clinic, typed, message):
    response = client.post(COSTS(clinic), cost_worksheet_data(exchange_rate=typed))
    assert message in response.content.decode()


def test_exchange_rate_keeps_four_decimal_places(client, clinic):
    client.post(COSTS(clinic), cost_worksheet_data(exchange_rate="17.2549"))
    clinic.plan.refresh_from_db()
    assert clinic.plan.exchange_rate == Decimal("17.2549")


def test_each_clinic_has_its_own_worksheet_and_totals_set_them_side_by_side(client, clinic):
    other = add_clinic(client, "Clinic Two")
    client.post(COSTS(clinic), cost_worksheet_data(quote=("28,000", "USD"), food=("600", "USD")))
    client.post(COSTS(other), cost_worksheet_data(quote=("15,000", "USD"),
                                                 driving=("450", "USD")))  # fmt: skip
    assert dict(clinic.costs.values_list("key", "amount")) == {"quote": 28000, "food": 600}
    assert dict(other.costs.values_list("key", "amount")) == {"quote": 15000, "driving": 450}
    html = client.get(reverse("plan:detail")).content.decode()
    assert "28,600.00 USD" in html and "15,450.00 USD" in html


def test_driving_food_and_lost_income_have_their_own_lines(client, clinic):
    html = client.get(COSTS(clinic)).content.decode()
    for label in ("Driving: fuel, tolls and parking", "Food and drink", "Lost income",
                  "A companion&#x27;s or carer&#x27;s travel and pay"):  # fmt: skip
        assert label in html, label


def test_a_dictated_amount_is_saved(client, clinic):
    client.post(COSTS(clinic), cost_worksheet_data(quote=("28 thousand", "USD")))
    assert clinic.costs.get().amount == Decimal("28000.00")
