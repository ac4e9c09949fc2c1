import http.server
import io
import threading

import pytest
from django.urls import reverse
from pypdf import PdfReader

from clinics.models import Answer
from clinics.selectors import checklist_questions
from clinics.services import save_answer
from guide.models import Question
from plans.access import create_plan
from plans.models import CostItem, Plan
from plans.pdf import PDF_BASE_URL, make_fetcher, render_summary_pdf

pytestmark = pytest.mark.django_db


def read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def fullest_plan(clinics: int = 5, note: str = "") -> Plan:
    plan = create_plan()
    plan.injury_level, plan.ais_grade, plan.months_since_injury = "cervical", "B", 26
    plan.age_band, plan.rehabilitation = "30_44", "outpatient"
    plan.priorities = {"outcomes": {"hands": "very", "walking": "somewhat"}, "risk": "avoid"}
    plan.notes = note or "Ask about flying with my wheelchair. " * 40
    plan.currency, plan.quote_sessions = "USD", 4
    plan.save()
    questions = checklist_questions("en")
    values = [choice for choice, _label in Answer.choices]
    for n in range(clinics):
        clinic = plan.clinics.create(
            name=f"Clínica Número {n + 1}",
            city="Tijuana",
            cell_type="Mesenchymal stromal cells",
            cell_source="Donor umbilical cord",
            dose="100 million cells",
            route="Spinal tap (intrathecal)",
            sessions="4",
            dates="March 2027",
            notes="Notes about this clinic. " * 20,
        )
        for i, question in enumerate(questions):
            save_answer(clinic=clinic, question=question, value=values[(i + n) % 4], note="ok")
    for key, amount in [("quote", 28000), ("travel", 2400), ("lodging", 1800), ("time_off", 3000)]:
        CostItem.objects.create(plan=plan, key=key, amount=amount, currency="USD")
    plan.saved_questions.set(Question.objects.all()[:12])
    plan.own_questions.create(text="¿Puedo viajar sola?", audience="doctor")
    return plan


def test_pdf_of_the_fullest_plan_has_a_one_page_handoff_then_everything(content):
    reader = read(render_summary_pdf(fullest_plan(), "a4"))
    first_page = reader.pages[0].extract_text()
    assert "For my doctor" in first_page
    assert "Doctor's notes" in first_page  # the hand-off fits on page 1
    assert "100 million cells" in first_page and "(intrathecal)" in first_page
    assert "warning signs" in first_page.lower() and "autonomic dysreflexia" in first_page
    text = text_of(reader)
    for expected in ("About me", "What matters most to me", "Clínica Número 5", "Whole trip",
                     "35,200.00", "Questions for my doctor", "¿Puedo viajar sola?", "My notes",
                     "Key facts from the guide", "Sources", "not medical advice"):  # fmt: skip
        assert expected in text, expected
    assert f"Page 1 of {len(reader.pages)}" in first_page
    assert len(reader.pages) >= 4


def worst_case_plan() -> Plan:
    plan = fullest_plan(clinics=5)
    plan.rehabilitation_details = ("Three sessions a week at a spinal unit, plus home work. " * 9)[
        :500
    ]
    plan.priorities = {"outcomes": {key: "very" for key in (
        "walking", "hands", "bladder_bowel", "sexual", "pain", "spasticity", "breathing",
        "independence")}}  # fmt: skip
    plan.save()
    long_text = "intramuscular injection into several sites along the spine, " * 3
    plan.clinics.update(
        name="Centro Internacional de Terapia Celular y Medicina Regenerativa del Pacífico",
        cell_type=long_text[:200], cell_source=long_text[:200], dose=long_text[:200],
        route=long_text[:200], sessions=long_text[:200], dates=long_text[:200],
    )  # fmt: skip
    return plan


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_handoff_fits_on_page_one_even_for_the_worst_case(content, paper):
    for plan in (fullest_plan(), worst_case_plan()):
        reader = read(render_summary_pdf(plan, paper))
        first_page = " ".join(reader.pages[0].extract_text().split())
        assert "Doctor's notes" in first_page, paper
        assert "autonomic dysreflexia" in first_page, paper
        assert "2 more clinics" in first_page
        assert "For my doctor" not in reader.pages[1].extract_text()


def test_the_full_pages_carry_every_treatment_detail_uncut(content):
    plan = worst_case_plan()
    text = " ".join(text_of(read(render_summary_pdf(plan, "letter"))).split())
    assert " ".join(plan.clinics.first().dose.split()) in text


def test_goals_on_page_one_show_what_was_rated(content):
    plan = create_plan()
    plan.priorities = {"outcomes": {"pain": "somewhat"}}
    plan.save()
    first_page = read(render_summary_pdf(plan, "letter")).pages[0].extract_text()
    assert "Somewhat important: Pain." in first_page


def test_pdf_is_tagged_titled_and_in_the_pages_language(content):
    reader = read(render_summary_pdf(fullest_plan(clinics=1), "letter"))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert str(catalog["/Lang"]) == "en"
    assert reader.metadata.title == "My plan: stem cell treatment for spinal cord injury"
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (612, 792)  # US Letter in points
    fonts = {
        str(font["/FontDescriptor"].get("/FontFile2") is not None)
        for page in reader.pages
        for font in (
            f.get_object()["/DescendantFonts"][0].get_object()
            for f in page["/Resources"]["/Font"].values()
        )
    }
    assert fonts == {"True"}  # every font embedded


def test_a4_is_the_size_the_visitor_chose(content):
    reader = read(render_summary_pdf(None, "a4"))
    assert (round(reader.pages[0].mediabox.width), round(reader.pages[0].mediabox.height)) == (
        595,
        842,
    )


@pytest.mark.parametrize(
    "note",
    [
        "word " * 2000,  # a very long note
        "x" * 5000,  # one unbroken 5,000-character word
        "Niña, corazón, ÅÉÎÕÜ; naïve café",
        "Emoji: 🙂🦽💉❤️‍🩹",
        "שלום, אני רוצה לשאול על הטיפול. مرحبا، أريد أن أسأل عن العلاج.",
    ],
)
def test_awkward_text_still_makes_a_valid_pdf(content, note):
    reader = read(render_summary_pdf(fullest_plan(clinics=1, note=note), "letter"))
    assert len(reader.pages) >= 2
    if note.startswith("Niña"):
        assert "corazón" in text_of(reader)


def test_an_empty_plan_or_no_plan_makes_a_valid_pdf(content):
    for plan in (None, create_plan()):
        reader = read(render_summary_pdf(plan, "letter"))
        assert "Not filled in." in text_of(reader)


class CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    CountingHandler.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_visitor_html_in_notes_is_text_and_fetches_nothing(content, local_server):
    note = (
        '<img src="file:///etc/passwd"> '
        f'<img src="{local_server}/pixel.png"> '
        f'<link rel="stylesheet" href="{local_server}/evil.css">'
    )
    plan = fullest_plan(clinics=1, note=note)
    plan.clinics.update(name=f'<img src="{local_server}/name.png">')
    reader = read(render_summary_pdf(plan, "letter"))
    text = text_of(reader)
    assert '<img src="file:///etc/passwd">' in text  # shown as the words typed
    assert "root:" not in text
    assert CountingHandler.hits == []
    images = [
        xobject
        for page in reader.pages
        for xobject in page["/Resources"].get("/XObject", {}).values()
        if xobject.get_object().get("/Subtype") == "/Image"
    ]
    assert images == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:1/",
        "https://example.org/logo.png",
        f"{PDF_BASE_URL}static/../../../etc/passwd",
        f"{PDF_BASE_URL}not-static/x.css",
        "data:text/plain;base64," + "A" * 4000,
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url):
    from weasyprint.urls import URLFetchingError

    with pytest.raises(URLFetchingError):
        make_fetcher().fetch(url)


def test_fetcher_refuses_a_local_port_without_calling_it(local_server):
    from weasyprint.urls import URLFetchingError

    with pytest.raises(URLFetchingError):
        make_fetcher().fetch(f"{local_server}/secret")
    assert CountingHandler.hits == []


def test_fetcher_serves_our_own_stylesheet_and_small_data_urls():
    from django.templatetags.static import static

    response = make_fetcher().fetch(PDF_BASE_URL + static("css/pdf.css").lstrip("/"))
    assert b"@page" in response.read()
    assert make_fetcher().fetch("data:text/plain,hello") is not None


def test_download_view_sends_a_pdf_attachment(client, content):
    client.post(reverse("plan:notes"), {"notes": "Hello doctor"})
    response = client.get(reverse("plan:summary_pdf"), {"paper": "nonsense"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert "Hello doctor" in text_of(read(response.content))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
