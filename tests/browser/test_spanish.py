"""The site in Mexican Spanish, end to end, as a reader whose browser speaks it.

A first visit lands on /es/; the language switch keeps the page; a clinic is
added, checked (a red flag appears and is announced), costed and printed to a
Spanish PDF; the pages pass axe, work without JavaScript and fit a phone.
"""

import io
import re

import pytest
from playwright.sync_api import expect

from clinics.models import ClinicAnswer
from clinics.selectors import checklist_groups, checklist_questions
from tests.conftest import (
    _open_page,
    assert_no_axe_violations,
    expect_no_sideways_scroll,
    plan_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTION = "/es/guide/risks/"
SECTION_TITLE = "¿Qué podría salir mal?"
HOME_TITLE = "¿Está pensando en un tratamiento con células madre para una lesión medular?"
# Answer.choices as the Spanish checklist says them.
ANSWERS = {
    "yes": "Sí",
    "no": "No",
    "not_sure": "No estoy seguro",
    "not_asked": "Todavía no lo pregunto",
}


def at(path: str) -> re.Pattern:
    """The page's address is exactly ``path`` on the live server (any #fragment)."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + r"(#.*)?$")


@pytest.fixture
def es_page(browser, live_server):
    """A JavaScript-enabled page whose browser asks for Mexican Spanish first."""
    context, page, foreign = _open_page(browser, live_server, locale="es-MX")
    yield page
    context.close()
    assert foreign == [], f"requests to other origins: {foreign}"


@pytest.fixture
def es_page_without_js(browser, live_server):
    context, page, foreign = _open_page(
        browser, live_server, locale="es-MX", java_script_enabled=False
    )
    yield page
    context.close()
    assert foreign == [], f"requests to other origins: {foreign}"


def expect_spanish_page(page) -> None:
    """The page is in Mexican Spanish: its language, its header and its links."""
    expect(page.locator("html")).to_have_attribute("lang", "es-MX")
    nav = page.get_by_role("navigation", name="Principal", exact=True)
    for name in ("Inicio", "La guía", "Revisar una clínica", "Mi plan", "Acerca de"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_have_count(1)
    switch = page.get_by_role("button", name="English", exact=True)
    expect(switch).to_be_visible()
    expect(switch).to_have_attribute("lang", "en")  # read out in English
    expect(page.get_by_role("button", name="Español", exact=True)).to_have_count(0)
    # Every link and form on the site stays in Spanish (the language switch
    # posts to /i18n/setlang/ and comes back in the language chosen).
    leaving = page.locator(
        'a[href^="/"]:not([href^="/es/"]):not([href^="/static/"]), '
        'form[action^="/"]:not([action^="/es/"]):not([action="/i18n/setlang/"])'
    )
    try:
        expect(leaving).to_have_count(0)
    except AssertionError as error:  # name them in the failure
        found = leaving.evaluate_all("els => els.map(e => e.outerHTML.slice(0, 160))")
        raise AssertionError(f"{page.url} links or posts outside /es/: {found}") from error


def add_clinic(page, name: str, city: str = "Tijuana") -> str:
    """Add a clinic from the Spanish clinics page; its address's id."""
    page.goto("/es/clinics/")
    page.get_by_label("Nombre de la clínica").fill(name)
    page.get_by_label("Ciudad").fill(city)
    page.get_by_role("button", name="Agregar clínica", exact=True).click()
    expect(page.get_by_role("heading", name=f"Lista de revisión: {name}")).to_be_visible()
    expect(page.get_by_text(f"{name} se agregó a su plan.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/es/clinics/[0-9a-f-]{36}/group/1/$"))
    return re.search(r"/clinics/([0-9a-f-]{36})/", page.url).group(1)


def test_a_spanish_browser_lands_on_spanish_and_the_switch_keeps_the_page(es_page, content):
    page = es_page
    page.goto("/")
    expect(page).to_have_url(at("/es/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_TITLE)
    expect_spanish_page(page)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_have_text("Saltar al contenido principal")

    page.get_by_role("button", name="English", exact=True).click()
    expect(page).to_have_url(at("/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thinking about stem cell treatment for a spinal cord injury?"
    )
    switch = page.get_by_role("button", name="Español", exact=True)
    expect(switch).to_be_visible()
    expect(switch).to_have_attribute("lang", "es-MX")
    page.goto("/")  # a choice made is never overridden by the browser's languages
    expect(page).to_have_url(at("/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # From a guide section, each way: the same section, in the other language.
    page.goto(SECTION)
    expect(page.get_by_role("heading", level=1)).to_have_text(SECTION_TITLE)
    expect_spanish_page(page)
    page.get_by_role("button", name="English", exact=True).click()
    expect(page).to_have_url(at("/guide/risks/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What could go wrong?")
    page.get_by_role("button", name="Español", exact=True).click()
    expect(page).to_have_url(at(SECTION))
    expect(page.get_by_role("heading", level=1)).to_have_text(SECTION_TITLE)
    expect_spanish_page(page)
    assert_no_axe_violations(page)
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Inicio").click()
    expect(page).to_have_url(at("/es/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_TITLE)
    assert_no_axe_violations(page)


def test_in_spanish_a_clinic_is_checked_costed_and_printed(es_page, content):
    page = es_page
    page.goto("/")
    expect(page).to_have_url(at("/es/"))
    clinic_id = add_clinic(page, "Clínica Sol")
    expect_spanish_page(page)

    # Answer three questions of the first group: a red flag appears as they go.
    questions = checklist_questions("es")
    first_group = checklist_groups(questions)[0].questions
    red = next(q for q in first_group if q.red_flag_answer)
    fine = next(
        q for q in first_group if q != red and "yes" not in (q.red_flag_answer, q.caution_answer)
    )
    unsure = next(q for q in first_group if q not in (red, fine))
    status = page.get_by_role("status").and_(page.locator("#status-message"))
    expect(status).to_have_attribute("aria-live", "polite")
    summary = page.get_by_role("region", name="Lo que ha encontrado hasta ahora")
    total = len(questions)

    def answer(question, value: str) -> None:
        """Click an answer by its spoken name; the save is announced."""
        number = questions.index(question) + 1
        page.get_by_role("radio", name=f"{ANSWERS[value]}, pregunta {number}", exact=True).click()
        expect(status).to_contain_text(f"Se guardó la pregunta {number}.")

    answer(fine, "yes")
    expect(status).to_contain_text(f"Preguntas revisadas: 1 de {total} — 0 señales de alerta")
    expect(page.locator(f"#flag-{fine.slug}")).to_have_text("")

    answer(red, red.red_flag_answer)
    flag = page.locator(f"#flag-{red.slug}")
    expect(flag).to_contain_text("Señal de alerta")
    expect(flag).to_contain_text(red.finding)
    expect(status).to_contain_text(f"Preguntas revisadas: 2 de {total} — 1 señal de alerta")
    expect(summary.get_by_role("listitem").filter(has_text=red.finding)).to_have_count(1)

    answer(unsure, "not_sure")
    expect(page.locator(f"#flag-{unsure.slug}")).to_contain_text("En su lista para preguntar")
    expect(status).to_contain_text(f"Preguntas revisadas: 3 de {total} — 1 señal de alerta")
    expect(page.locator("#checklist-progress")).to_contain_text("3 de")
    assert_no_axe_violations(page)  # the checklist, with its red flag showing
    plan_in(page)  # opens the sealed plan for the reads below
    saved = dict(ClinicAnswer.objects.values_list("question__slug", "value"))
    assert saved == {
        fine.slug: "yes",
        red.slug: red.red_flag_answer,
        unsure.slug: "not_sure",
    }

    # Whole-trip costs, as dictation in Spanish writes them.
    page.goto(f"/es/clinics/{clinic_id}/costs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Costo total del viaje: Clínica Sol")
    expect_spanish_page(page)
    page.get_by_role("textbox", name=re.compile(r"^La cotización de la clínica")).fill("25 mil")
    page.get_by_role("textbox", name=re.compile(r"^Vuelos")).fill("800 dólares")
    page.get_by_role("button", name="Guardar y sumar costos", exact=True).click()
    expect(page.get_by_text("Guardado.", exact=True)).to_be_visible()
    whole = page.get_by_role("row", name="Costo total del viaje: dinero en riesgo si no ayuda")
    expect(whole).to_have_text(re.compile(r"25,800\.00 USD\s*$"))

    # The plan, and its PDF in Spanish.
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Mi plan").click()
    expect(page).to_have_url(at("/es/plan/"))
    expect_spanish_page(page)
    expect(page.get_by_text("Clínica Sol").first).to_be_visible()
    page.get_by_role("radio", name="A4", exact=True).check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar resumen en PDF", exact=True).click()
    assert re.fullmatch(r"mi-plan-\d{4}-\d\d-\d\d-a4\.pdf", download.value.suggested_filename)
    with open(download.value.path(), "rb") as pdf:
        data = pdf.read()
    assert data.startswith(b"%PDF-")
    from pypdf import PdfReader

    text = "\n".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(text.split())
    assert "Lo que propuso cada clínica" in text
    assert "Clínica Sol" in text
    assert "What each clinic proposed" not in text
    assert_no_axe_violations(page)  # the plan page


def test_without_javascript_the_switch_and_a_clinic_still_work_in_spanish(
    es_page_without_js, content
):
    page = es_page_without_js
    page.goto("/")
    expect(page).to_have_url(at("/es/"))
    page.goto(SECTION)
    page.get_by_role("button", name="English", exact=True).click()
    expect(page).to_have_url(at("/guide/risks/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Español", exact=True).click()
    expect(page).to_have_url(at(SECTION))
    expect(page.get_by_role("heading", level=1)).to_have_text(SECTION_TITLE)

    add_clinic(page, "Clínica Luna")
    expect_spanish_page(page)
    questions = checklist_questions("es")
    red = next(q for q in checklist_groups(questions)[0].questions if q.red_flag_answer)
    number = questions.index(red) + 1
    value = ANSWERS[red.red_flag_answer]
    page.get_by_role("radio", name=f"{value}, pregunta {number}", exact=True).check()
    page.get_by_role(
        "button", name=f"Guardar respuesta de la pregunta {number}", exact=True
    ).click()
    expect(page).to_have_url(re.compile(f"saved={red.slug}#q-{red.slug}$"))
    flag = page.locator(f"#flag-{red.slug}")
    expect(flag).to_contain_text("Señal de alerta")
    expect(flag).to_contain_text("Guardado.")
    plan_in(page)
    assert ClinicAnswer.objects.get().value == red.red_flag_answer


def test_spanish_pages_do_not_scroll_sideways_on_a_390_pixel_phone(browser, live_server, content):
    context, phone, foreign = _open_page(
        browser, live_server, locale="es-MX", viewport={"width": 390, "height": 844}
    )

    def fits(path: str) -> None:
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_have_count(1)
        try:
            expect_no_sideways_scroll(phone)
        except Exception as error:
            raise AssertionError(f"{path} scrolls sideways at 390 px") from error

    try:
        phone.goto("/")
        expect(phone).to_have_url(at("/es/"))
        for path in ("/es/", SECTION, "/es/clinics/"):
            fits(path)
        clinic_id = add_clinic(phone, "Clínica con un nombre muy largo de verdad")
        fits(f"/es/clinics/{clinic_id}/group/1/")  # the checklist, a group at a time
        fits(f"/es/clinics/{clinic_id}/")  # the checklist at a glance
    finally:
        context.close()
    assert foreign == [], f"requests to other origins: {foreign}"
