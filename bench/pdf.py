"""Benchmark: render the fullest plan's PDF and print the median time and peak memory.

    .venv/bin/python bench/pdf.py [runs]

Targets on the project's 2-core machine: median <= 1.0 s, peak memory <= 300 MB.
It uses a throwaway in-memory SQLite database, so it touches no real data.
"""

import io
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # in-process static files; no secret needed
os.environ["DATABASE_URL"] = "sqlite://:memory:"


def main(runs: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)

    from pypdf import PdfReader
    from tests.guide.test_pdf import fullest_plan

    from plans.pdf import render_summary_pdf

    plan = fullest_plan(clinics=5)
    render_summary_pdf(plan, "letter")  # warm-up: fontconfig and imports
    timings, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render_summary_pdf(plan, "letter")  # the default, and the longer
        timings.append(time.perf_counter() - start)
        size = len(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"fullest plan PDF (5 clinics, every answer): {size / 1024:.0f} KB, {pages} pages")
    print(f"runs: {runs}; median {statistics.median(timings):.3f} s; "
          f"min {min(timings):.3f} s; max {max(timings):.3f} s")  # fmt: skip
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")
    print("targets: median <= 1.0 s, peak <= 300 MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
