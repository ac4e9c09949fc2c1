"""The PDF's cost is bounded: cached until the plan changes, made in a child
process with a time limit, one at a time per worker, a few times per plan."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as dj_settings
from django.core.cache import cache
from django.urls import reverse

from plans import bounded, throttle
from plans.models import ThrottleCount
from plans.pdf import pdf_cache_key, summary_html
from tests.conftest import all_pdf_slots_taken
from tests.factories import in_one_throttle_window, plan_of

pytestmark = pytest.mark.django_db

PDF = reverse("plan:summary_pdf")


@pytest.fixture
def planned(client, content):
    client.post(reverse("plan:notes"), {"notes": "Cached until it changes"})
    return plan_of(client)


def renders_counted() -> int:
    return sum(ThrottleCount.objects.filter(scope="pdf").values_list("count", flat=True))


def test_a_second_download_is_the_cached_copy_and_the_copy_is_sealed(client, planned):
    first = client.get(PDF)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert renders_counted() == 1
    second = client.get(PDF)
    assert second.content == first.content  # a new render would carry a new timestamp
    assert renders_counted() == 1
    stored = cache.get(pdf_cache_key(planned, summary_html(planned, "letter"), "letter"))
    assert stored is not None and b"%PDF" not in stored and b"Cached until" not in stored


def test_a_changed_plan_gets_a_new_pdf(client, planned):
    client.get(PDF)
    client.post(reverse("plan:notes"), {"notes": "Something new"})
    assert client.get(PDF).status_code == 200
    assert renders_counted() == 2


def test_a_pdf_that_takes_too_long_is_stopped_with_a_friendly_page(client, planned, settings):
    settings.PDF_TIMEOUT_SECONDS = 0.001
    response = client.get(PDF)
    assert response.status_code == 503 and response["Retry-After"]
    html = response.content.decode()
    assert "took too long, so we stopped. Nothing is lost." in html
    assert "no-store" in response["Cache-Control"]
    settings.PDF_TIMEOUT_SECONDS = 30
    assert client.get(PDF).content.startswith(b"%PDF")  # the worker is fine


def test_a_busy_site_says_try_again_in_a_moment_and_counts_nothing(client, planned):
    with all_pdf_slots_taken():
        response = client.get(PDF)
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "making another PDF right now" in response.content.decode()
    assert renders_counted() == 0  # nothing was made, so nothing is counted
    assert client.get(PDF).content.startswith(b"%PDF")  # a slot is free again


def test_too_many_pdfs_of_one_plan_are_refused_for_a_while(client, planned):
    in_one_throttle_window(throttle.PDF_PER_PLAN)
    for _ in range(throttle.PDF_PER_PLAN.failures):
        throttle.note_pdf_render(planned.pk)
    response = client.get(PDF)
    assert response.status_code == 429
    assert "many PDFs of this plan" in response.content.decode()
    assert client.get(PDF + "?paper=a4").status_code == 429


def run(job, timeout: float = 10, slots: int = 2, wait: float = 0.0):
    return bounded.run(
        job, timeout=timeout, directory=dj_settings.PDF_SLOT_DIR, slots=slots, wait=wait
    )


def test_bounded_run_returns_the_jobs_bytes_made_in_another_process():
    assert run(lambda: str(os.getpid()).encode()) != str(os.getpid()).encode()


def test_bounded_run_kills_a_job_past_its_time():
    start = time.monotonic()
    with pytest.raises(bounded.TimedOut):
        run(lambda: time.sleep(30) or b"", timeout=0.2)
    assert time.monotonic() - start < 10  # it did not wait for the job


def test_bounded_run_reports_a_job_that_fails():
    with pytest.raises(bounded.Failed):
        run(lambda: 1 / 0)


def test_bounded_run_uses_any_free_slot_and_refuses_when_none_is():
    with bounded.slot(dj_settings.PDF_SLOT_DIR, 2):
        assert run(lambda: b"the other slot") == b"the other slot"
        with bounded.slot(dj_settings.PDF_SLOT_DIR, 2), pytest.raises(bounded.Busy):
            run(lambda: b"")
    assert run(lambda: b"free again") == b"free again"


def test_a_slot_is_released_when_its_holder_dies(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time; f = open(sys.argv[1], 'a'); "
        "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"
    ), str(tmp_path / "slot-0.lock")], stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(bounded.Busy):
        bounded.run(lambda: b"", timeout=10, directory=tmp_path, slots=1)
    holder.kill()
    holder.wait()
    assert bounded.run(lambda: b"mine", timeout=10, directory=tmp_path, slots=1) == b"mine"
