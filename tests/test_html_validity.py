"""Every full page the site serves is valid HTML, by the W3C Nu HTML Checker.

The checker is vnu.jar from npm's ``vnu-jar`` (``make vnu`` puts it in the
git-ignored var/vnu/) run on the system's Java 17 or newer. Without either,
the test is skipped with the reason, unless ``REQUIRE_VNU=1`` (CI), which
makes a missing checker a failure.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.urls import reverse

from clinics.models import Clinic
from clinics.selectors import checklist_questions
from guide.models import Page, Section
from plans import throttle
from tests.conftest import all_pdf_slots_taken
from tests.factories import cost_worksheet_data, plan_of

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "var" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MIN_JAVA = 17  # vnu.jar has class files for Java 17
CANARY = '<!doctype html><html lang="en"><title>Canary</title><p><div></div></p></html>'


def java_major(java: str) -> int | None:
    result = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if not match:
        return None
    major = int(match[1])
    return int(match[2] or 0) if major == 1 else major  # "1.8.0" is Java 8


def checker_command() -> list[str]:
    """The command that runs vnu.jar, or skip (fail under REQUIRE_VNU=1) if it cannot."""
    reason = None
    java = shutil.which("java")
    if not VNU_JAR.is_file():
        reason = f"No Nu HTML Checker at {VNU_JAR.relative_to(ROOT)} (run `make vnu`)."
    elif not java:
        reason = (
            "No `java` on PATH for the Nu HTML Checker (install Debian's default-jre-headless)."
        )
    elif (version := java_major(java) or 0) < MIN_JAVA:
        reason = f"The Nu HTML Checker needs Java {MIN_JAVA} or newer; `{java}` is Java {version}."
    if reason:
        if os.environ.get("REQUIRE_VNU") == "1":
            pytest.fail(f"REQUIRE_VNU=1 but: {reason}")
        pytest.skip(reason)
    return [java, "-jar", str(VNU_JAR)]


def full_pages(client) -> dict[str, tuple[int, int, bytes]]:
    """Name -> (status, expected status, body) of every kind of full page,
    in its awkward states too."""
    pages = {}

    def get(name, url, status=200, **data):
        response = client.get(url, data)
        pages[name] = (status, response)

    def post(name, url, data, status, **extra):
        response = client.post(url, data, **extra)
        pages[name] = (status, response)

    get("home", reverse("home"))
    get("guide-index", reverse("guide:index"))
    if Page.objects.filter(slug="start-here", language="en").exists():
        get("start-here", reverse("guide:start_here"))
    slugs = Section.objects.in_language("en").values_list("slug", flat=True)
    for slug in slugs:
        get(f"section-{slug}", reverse("guide:section", args=[slug]))
        more = reverse("guide:section_detail", args=[slug])
        if f'href="{more}"' in pages[f"section-{slug}"][1].content.decode():
            get(f"section-{slug}-more", more)
    get("glossary", reverse("guide:glossary"))
    get("sources", reverse("guide:sources"))
    get("about", reverse("guide:about"))
    post("about-report-error", reverse("guide:report_mistake"), {"page": "x", "message": ""}, 400)
    client.post(reverse("guide:report_mistake"), {"page": "Costs", "message": "A typo."})
    get("about-report-thanks", reverse("guide:about"))
    if "timeline" in slugs:
        post("timeline-error", reverse("guide:timeline_months"), {"months": "lots"}, 200)
        client.post(reverse("guide:timeline_months"), {"months": "18"})
        get("timeline-answered", reverse("guide:section", args=["timeline"]))

    get("clinic-list-empty", reverse("clinics:index"))
    post("clinic-list-error", reverse("clinics:add"), {"name": "N" * 300, "website": "x y"}, 400)
    added = client.post(reverse("clinics:add"), {"name": "Clinic"})
    assert added.status_code == 302
    get("clinic-added", added.url)  # with the "was added" message
    another = client.post(reverse("clinics:add"), {"name": "Another clinic"})
    assert another.status_code == 302
    plan_of(client)  # open the plan's data key, as the site does
    clinic, other = (Clinic.objects.get(public_id=r.url.split("/")[2]) for r in (added, another))
    public_id = clinic.public_id
    get("clinic-list", reverse("clinics:index"))
    get("checklist", clinic.get_absolute_url())
    get("checklist-group", reverse("clinics:group", args=[public_id, 1]))
    question = checklist_questions("en")[0]
    answer = reverse("clinics:answer", args=[public_id, question.slug])
    fields = {f"q-{question.slug}-value": "yes", f"q-{question.slug}-note": "x" * 2_100}
    post("checklist-error", answer, fields, 400)
    client.post(answer, {f"q-{question.slug}-value": "no", f"q-{question.slug}-note": "Told me."})
    get("checklist-answered", clinic.get_absolute_url())
    get("checklist-group-saved",
        reverse("clinics:group", args=[public_id, 1]) + f"?saved={question.slug}")  # fmt: skip
    get("clinic-costs", reverse("clinics:costs", args=[public_id]))
    post("clinic-costs-error", reverse("clinics:costs", args=[public_id]),
         cost_worksheet_data(flights=("-40", "USD"), lodging=("lots", "USD")), 400)  # fmt: skip
    get("clinic-edit", reverse("clinics:edit", args=[public_id]))
    post("clinic-edit-error", reverse("clinics:edit", args=[public_id]),
         {"name": "Clinic", "website": "not a website"}, 400)  # fmt: skip
    get("compare", reverse("clinics:compare"), clinics=[public_id, other.public_id])
    get("compare-error", reverse("clinics:compare"), 400, clinics=["nope"])

    get("plan", reverse("plan:detail"))
    post("plan-about-error", reverse("plan:about_me"),
         {"usual_blood_pressure": "high", "motor_score": "300"}, 400)  # fmt: skip
    get("plan-delete", reverse("plan:delete"))
    get("resume", reverse("plan:resume"))
    post("resume-error", reverse("plan:resume"), {"code": "wrong words entirely here now"}, 400)
    get("resume-link", reverse("plan:resume_link", args=[plan_of(client).token]))
    for _ in range(throttle.RESUME_PER_CLIENT.failures - 2):
        client.post(reverse("plan:resume"), {"code": "wrong words entirely here now"})
    post("resume-blocked", reverse("plan:resume"), {"code": "wrong words entirely here too"}, 429)
    post("resume-link-wrong", reverse("plan:resume_link", args=["x" * 43]), {}, 429)
    assert client.post(reverse("plan:new_link")).status_code == 302
    get("plan-new-link", reverse("plan:detail"))  # with the "new link and code" message
    post("bad-charset", reverse("plan:notes"), "notes=x", 400,
         content_type="application/x-www-form-urlencoded; charset=utf-7")  # fmt: skip
    with all_pdf_slots_taken():
        get("pdf-busy", reverse("plan:summary_pdf"), 503)
    get("not-found", "/no-such-page/", 404)
    get("es-not-found", "/es/no-such-page/", 404)

    # The same pages in Spanish: other words, other lengths, the same markup rules.
    for name, path in [
        ("home", "/"), ("guide-index", "/guide/"), ("glossary", "/guide/glossary/"),
        ("sources", "/guide/sources/"), ("about", "/guide/about/"),
        ("start-here", "/guide/start-here/"), ("clinic-list", "/clinics/"),
        ("checklist", f"/clinics/{public_id}/"),
        ("checklist-group", f"/clinics/{public_id}/group/2/"),
        ("key-questions", f"/clinics/{public_id}/key-questions/"),
        ("clinic-costs", f"/clinics/{public_id}/costs/"), ("advert", "/clinics/advert/"),
        ("plan", "/plan/"), ("options", "/plan/options/"), ("ready", "/plan/ready/"),
        ("quiz", "/plan/check-what-i-know/"), ("trials", "/plan/find-a-trial/"),
        ("resume", "/plan/resume/"),
    ]:  # fmt: skip
        get(f"es-{name}", f"/es{path}")
    for slug in Section.objects.in_language("es").values_list("slug", flat=True):
        get(f"es-section-{slug}", f"/es/guide/{slug}/")
    post("es-timeline-error", "/es/guide/timeline/how-long/", {"months": "muchos"}, 200)
    post("es-clinic-list-error", "/es/clinics/add/", {"name": "N" * 300}, 400)
    return {
        name: (response.status_code, expected, response.content)
        for name, (expected, response) in pages.items()
    }


def test_every_full_page_is_valid_html(client, content, tmp_path):
    command = checker_command()
    pages = full_pages(client)
    wrong = {name: (got, want) for name, (got, want, _) in pages.items() if got != want}
    assert not wrong, f"unexpected status codes (got, expected): {wrong}"

    files = []
    for name, (_, _, body) in pages.items():
        assert body[:15].lower() == b"<!doctype html>", f"{name} is not a full page"
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(body)
    # vnu.jar passes a file it cannot read (or a file: URI) without a word, so
    # a page known to be invalid proves that it read the files it was given.
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY)

    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", "--exit-zero-always",
         *map(str, [canary, *files])],
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    # vnu writes its report to stderr; Java may print a notice before it.
    report = result.stderr[result.stderr.find("{") :]
    assert result.returncode == 0 and report.startswith("{"), (
        f"vnu.jar failed:\n{result.stderr}{result.stdout}"
    )
    errors = [
        message
        for message in json.loads(report)["messages"]
        if message.get("type") in {"error", "non-document-error"}
    ]
    page_errors = [m for m in errors if page_of(m) != canary.stem]
    assert len(errors) > len(page_errors), f"vnu.jar did not report the canary's error:\n{report}"
    lines = [
        f"{page_of(m)}.html:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {m['message']}"
        f"\n    {(m.get('extract') or '').strip()}"
        for m in page_errors
    ]
    assert not page_errors, f"{len(page_errors)} Nu HTML Checker errors:\n" + "\n".join(lines)


def page_of(message: dict) -> str:
    """The page a message is about: vnu names files by URL (``file:/tmp/…/home.html``)."""
    return Path(unquote(urlsplit(message.get("url", "")).path)).stem or "?"
