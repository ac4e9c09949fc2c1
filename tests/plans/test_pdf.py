import datetime
import http.server
import io
import re
import threading

import pytest
from django.db.models import CharField, TextField
from django.urls import reverse
from pypdf import PdfReader

from clinics.models import Answer, Clinic, ClinicAnswer, ClinicCost
from clinics.selectors import checklist_questions
from clinics.services import save_answer
from guide.models import Question
from plans.access import create_plan
from plans.models import Plan, PlanQuestion
from plans.pdf import PDF_BASE_URL, make_fetcher, render_summary_pdf

pytestmark = pytest.mark.django_db


def read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def fullest_plan(clinics: int = 5, note: str = "") -> Plan:
    """A plan filled in as a careful visitor would: every part, five clinics."""
    plan = create_plan()
    fields = {
        "filled_in_by": "self", "neurological_level": "C6", "ais_grade": "B",
        "injury_date": datetime.date(2022, 3, 1), "months_since_injury": 56,
        "injury_cause": "Diving into a pool", "exam_date": datetime.date(2026, 9, 1),
        "motor_score": 34, "light_touch_score": 60, "pin_prick_score": 55,
        "medicines": "Baclofen 10 mg three times a day; oxybutynin 5 mg",
        "blood_thinner": "yes", "blood_thinner_name": "Apixaban 5 mg twice a day",
        "allergies": "yes", "allergy_details": "Penicillin: rash", "dysreflexia": "yes",
        "usual_blood_pressure": "100/60", "bladder": "intermittent", "bowel": "program",
        "skin": "past", "breathing": "own", "age_band": "30_44", "rehabilitation": "outpatient",
        "goals": "Feed myself and transfer to bed without help.",
        "priorities": {"outcomes": {"hands": "very", "walking": "somewhat"}, "risk": "avoid"},
        "notes": note or "Ask about flying with my wheelchair. " * 40,
        "currency": "USD",
    }  # fmt: skip
    for name, value in fields.items():
        setattr(plan, name, value)
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
            route="Spinal tap (intrathecal) and into a vein",
            dose_by_route="50 million by spinal tap, 50 million into a vein",
            sessions="4",
            dates="March 2027",
            deposit="USD 5,000",
            refund_terms="No refund after the first session",
            decision_deadline=datetime.date(2027, 1, 15),
            notes="Notes about this clinic. " * 20,
        )
        for i, question in enumerate(questions):
            save_answer(clinic=clinic, question=question, value=values[(i + n) % 4],
                        note="the trial listed is for knee arthritis")  # fmt: skip
        for key, amount in [("quote", 28000), ("flights", 2400), ("lodging", 1800),
                            ("lost_income", 3000)]:  # fmt: skip
            ClinicCost.objects.create(clinic=clinic, key=key, amount=amount, currency="USD")
    plan.saved_questions.set(Question.objects.all()[:12])
    plan.own_questions.create(text="¿Puedo viajar sola?", audience="doctor")
    return plan


def worst_case_plan(clinics: int = 5, own_questions: int = 6, every_note: bool = False) -> Plan:
    """Every field a visitor can type, at its longest, with long unbroken words.

    At the caps (``clinics=Plan.MAX_CLINICS, own_questions=Plan.MAX_OWN_QUESTIONS,
    every_note=True``) it is the largest plan the site accepts: every
    checklist answer a red flag or caution with a note at its longest too.
    """
    plan = fullest_plan(clinics=clinics)

    def long(length: int, word: str = "intramuscular injection along the spine ") -> str:
        return (word * (length // len(word) + 1))[:length]

    unbroken = "Supercalifragilisticexpialidocious" * 3 + " "
    for name in ("injury_cause", "blood_thinner_name", "allergy_details", "care_details",
                 "rehabilitation_details", "medicines", "goals"):  # fmt: skip
        setattr(plan, name, long(Plan._meta.get_field(name).max_length))
    plan.notes = long(5000, unbroken)
    plan.priorities = {"outcomes": {key: "very" for key in (
        "walking", "hands", "bladder_bowel", "sexual", "pain", "spasticity", "breathing",
        "independence")}}  # fmt: skip
    plan.save()
    plan.clinics.update(**{
        field.name: long(field.max_length, unbroken if field.name == "notes" else
                         "intramuscular injection along the spine ")
        for field in Clinic._meta.get_fields()
        if isinstance(field, (CharField, TextField)) and field.name != "website"
    })  # fmt: skip
    if every_note:
        questions = checklist_questions("en")
        for clinic in plan.clinics.all():
            for question in questions:
                flagged = question.red_flag_answer or question.caution_answer or "not_sure"
                save_answer(clinic=clinic, question=question, value=flagged,
                            note=long(ClinicAnswer.NOTE_MAX_LENGTH, unbroken))  # fmt: skip
    PlanQuestion.objects.bulk_create(
        PlanQuestion(plan=plan, text=long(400), audience="doctor") for _ in range(own_questions)
    )
    return plan


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_pdf_of_the_fullest_plan_puts_what_a_doctor_needs_on_page_one(content, paper):
    plan = fullest_plan()
    reader = read(render_summary_pdf(plan, paper))
    first_page = " ".join(reader.pages[0].extract_text().split())
    for expected in ("For my doctor", "C6 AIS B", "Apixaban 5 mg twice a day", "Penicillin",
                     "100/60", "Feed myself", "Clínica Número 5", "Mesenchymal stromal cells",
                     "50 million by spinal tap", "28,000", "35,200", "2027-01-15",
                     "Blood thinner and a spinal tap"):  # fmt: skip
        assert expected in first_page, expected
    assert "Next pages:" in first_page  # page 1 ended whole
    second_page = reader.pages[1].extract_text()
    assert second_page.lstrip().startswith("Safety")
    text = text_of(reader)
    for expected in ("Autonomic dysreflexia", "20 mmHg", "Records to bring home",
                     "For the doctor", "Recommendation", "the trial listed is for knee arthritis",
                     "Questions for the clinics", "¿Puedo viajar sola?", "My notes",
                     "Key facts from the guide", "Sources", "not medical advice"):  # fmt: skip
        assert expected in text, expected
    assert f"Page 1 of {len(reader.pages)}" in first_page


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_page_one_fits_one_page_for_the_worst_case_and_cuts_nothing(content, paper):
    plan = worst_case_plan()
    reader = read(render_summary_pdf(plan, paper))
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert "Next pages:" in first_page  # page 1 ended whole, nothing spilled over
    assert reader.pages[1].extract_text().lstrip().startswith("Safety")
    text = " ".join(text_of(reader).split())
    clinic = plan.clinics.first()
    for value in (clinic.dose_by_route, clinic.refund_terms, clinic.name, plan.goals):
        assert " ".join(value.split()) in text  # every long answer is there in full
    assert "in full below" in first_page  # and page 1 says where it is


def test_a_carer_gets_a_pdf_about_the_patient_not_about_themselves(content):
    plan = fullest_plan(clinics=1)
    plan.filled_in_by = "carer"
    plan.save()
    text = text_of(read(render_summary_pdf(plan, "letter")))
    assert "a treatment the patient is considering" in text
    assert "About the patient" in text and "For my doctor" not in text
    plan.filled_in_by = "son"
    plan.save()
    text = text_of(read(render_summary_pdf(plan, "letter")))
    assert "a treatment my son is considering" in text and "About my son" in text
    assert "worded as the person with the injury would ask them" in " ".join(text.split())


def test_a_plan_about_oneself_has_no_note_on_the_questions_voice(content):
    text = text_of(read(render_summary_pdf(fullest_plan(clinics=1), "letter")))
    assert "worded as the person with the injury" not in " ".join(text.split())


def test_an_unchecked_clinic_is_never_shown_as_clean_in_the_pdf(content):
    plan = create_plan()
    plan.clinics.create(name="Clínica Nueva")
    first_page = read(render_summary_pdf(plan, "letter")).pages[0].extract_text()
    assert "Not checked yet" in first_page and "0 red flags" not in first_page


def test_questions_for_the_clinic_never_say_none_after_a_list(content):
    text = text_of(read(render_summary_pdf(fullest_plan(clinics=1), "letter")))
    clinic_part = text.split("Questions for the clinics", 1)[1].split("My notes", 1)[0]
    assert "None written down" not in clinic_part


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
    assert reader.metadata.title == "For my doctor: a treatment I am considering"
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
    assert (
        f'filename="my-plan-{datetime.date.today():%Y-%m-%d}-letter.pdf"'
        in (response["Content-Disposition"])
    )
    assert response.content.startswith(b"%PDF")
    assert "Hello doctor" in text_of(read(response.content))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_pdf_has_one_h1_and_every_table_header_has_a_scope(content):
    from django.template.loader import render_to_string

    from plans.pdf import pdf_context

    html = render_to_string("plans/pdf/summary.html", pdf_context(fullest_plan(clinics=2), "a4"))
    assert html.count("<h1") == 1
    headers = re.findall(r"<th\b[^>]*>", html)
    assert headers and all("scope=" in header for header in headers)


def test_a_plan_used_in_spanish_makes_a_spanish_pdf(client, content):
    """Lang es-MX, a Spanish title and filename, the date as Mexico writes it,
    no English heading."""
    from django.utils import formats, translation
    from django.utils.translation import gettext

    from tests.factories import plan_of

    added = client.post("/es/clinics/add/", {"name": "Clínica Ejemplo", "city": "Tijuana"})
    assert added.status_code == 302
    assert plan_of(client).language == "es"
    today = datetime.date.today()
    with translation.override("es"):
        title = gettext("For my doctor: a treatment I am considering")
        day = formats.date_format(today, "DATE_FORMAT")
    assert title != "For my doctor: a treatment I am considering"
    assert " de " in day  # "27 de noviembre de 2026"
    response = client.get("/es/plan/summary.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="mi-plan-{today:%Y-%m-%d}-letter.pdf"'
    )
    reader = read(response.content)
    assert str(reader.trailer["/Root"]["/Lang"]) == "es-MX"
    assert reader.metadata.title == title
    text = text_of(reader)
    assert "Clínica Ejemplo" in text and day in text.replace("\n", " ")
    assert "Questions for the clinic" not in text and "Red flags" not in text


def test_the_pdf_follows_the_language_the_plan_is_used_in(client, content):
    """A family reading in both languages gets the PDF in the one they are reading."""
    from tests.factories import plan_of

    assert client.post("/clinics/add/", {"name": "Clinic One"}).status_code == 302
    response = client.get("/es/plan/summary.pdf")
    assert "mi-plan-" in response["Content-Disposition"]
    assert str(read(response.content).trailer["/Root"]["/Lang"]) == "es-MX"
    assert plan_of(client).language == "es"
    response = client.get("/plan/summary.pdf")
    assert "my-plan-" in response["Content-Disposition"]
    assert str(read(response.content).trailer["/Root"]["/Lang"]) == "en"
