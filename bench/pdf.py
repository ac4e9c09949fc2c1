"""Benchmark: the PDF of the fullest plan against a plain-text PDF floor.

    .venv/bin/python bench/pdf.py [runs]

Prints, from one run on this machine: the median time to render the fullest
ordinary plan (5 clinics, every answer) and the worst case the site accepts
(the caps on clinics and questions, every field at its longest), each beside
the median for a plain-text PDF with the same number of pages (same fonts,
same tagging), and the ratio. Targets: ordinary plan within 1.5x of its
floor, worst case within 2x; peak memory <= 300 MB. It uses a throwaway
in-memory SQLite database, so it touches no real data.
"""

import gc
import io
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from pypdf import PdfReader  # noqa: E402 - after the path is set

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # in-process static files; no secret needed
os.environ["DATABASE_URL"] = "sqlite://:memory:"

PLAIN = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title>
<link rel="stylesheet" href="{stylesheet}"><style>section {{ break-after: page; }}</style>
</head><body>{pages}</body></html>"""


def plain_pdf(pages: int) -> bytes:
    """The same pipeline (stylesheet, fonts, page numbers, tagging, paper) with plain
    paragraphs instead of a plan: each page full of text, about 45 lines."""
    from django.templatetags.static import static
    from weasyprint import CSS, HTML

    from plans.pdf import PDF_BASE_URL, make_fetcher

    paragraph = "<p>" + "Plain words on a page for the doctor to read. " * 12 + "</p>"
    body = "".join(f"<section><h2>Page {n}</h2>{paragraph * 6}</section>" for n in range(pages))
    html = PLAIN.format(pages=body, stylesheet=static("css/pdf.css"))
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=make_fetcher()).write_pdf(
        stylesheets=[CSS(string="@page { size: letter; }")], pdf_variant="pdf/ua-1"
    )


def timed(render) -> tuple[float, bytes]:
    start = time.perf_counter()
    pdf = render()
    return time.perf_counter() - start, pdf


def median_times(render, floor_for_pages, runs: int) -> tuple[float, float, bytes]:
    """Medians of the plan's PDF and of its floor, taken in turn so that a
    change in the machine's load falls on both alike."""
    _seconds, pdf = timed(render)  # warm-up: fontconfig, imports, caches
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    floor_for_pages(pages)
    plan_times, floor_times = [], []
    for _ in range(runs):
        seconds, pdf = timed(render)
        plan_times.append(seconds)
        floor_times.append(timed(lambda: floor_for_pages(pages))[0])
    return statistics.median(plan_times), statistics.median(floor_times), pdf


def main(runs: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)

    from plans import crypto
    from plans.models import Plan
    from plans.pdf import render_summary_pdf
    from tests.plans.test_pdf import fullest_plan, worst_case_plan

    print(f"runs per figure: {runs} (medians)")
    cases = (
        ("fullest ordinary plan (5 clinics, every answer)", lambda: fullest_plan(clinics=5), 1.5),
        (
            f"worst case at the caps ({Plan.MAX_CLINICS} clinics, {Plan.MAX_OWN_QUESTIONS} own "
            "questions, every field and note at its longest, long unbroken words)",
            lambda: worst_case_plan(
                clinics=Plan.MAX_CLINICS, own_questions=Plan.MAX_OWN_QUESTIONS, every_note=True
            ),
            2.0,
        ),
    )
    for name, make_plan, target in cases:
        plan = make_plan()  # made just before it is measured, as a request would find it
        gc.collect()
        with crypto.using_key(plan.data_key):  # each plan opens with its own key
            seconds, floor, pdf = median_times(
                lambda plan=plan: render_summary_pdf(plan, "letter"), plain_pdf, runs
            )
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        ratio = seconds / floor
        verdict = "meets" if ratio <= target else "MISSES"
        print(f"{name}: {len(pdf) / 1024:.0f} KB, {pages} pages, median {seconds:.3f} s; "
              f"plain-text floor ({pages} pages) {floor:.3f} s; ratio {ratio:.2f} "
              f"(target <= {target}: {verdict})")  # fmt: skip
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB (target <= 300 MB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
