"""PostgreSQL stops under load and comes back; the running site copes by itself.

gunicorn (the repository's gunicorn.conf.py, 2 gthread workers) serves a
throwaway PostgreSQL cluster (tests/pg_cluster.py), from a copy of the app
with a var/ of its own, so that no other test run in this checkout empties
its in-memory page cache. Several visitors keep adding questions of their
own to their plans, each with a unique text, and note which saves were
acknowledged (the 302 back to the plan) and what every other answer was.
During the load the database is stopped (``pg_ctl stop -m fast``), left
down for a few seconds and started again; gunicorn is never touched. Then
each visitor's plan page must list every question whose save was
acknowledged: the 302 is a promise.
"""

import contextlib
import itertools
import os
import re
import signal
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.pg_cluster import Gunicorn, Response, Visitor, site_on_postgres

SAVERS = 4
SECONDS_BEFORE = 3.0
SECONDS_DOWN = 3.0
SECONDS_AFTER = 1.5  # of load once every saver has been acknowledged again
RECOVERY_LIMIT = 10.0
PLAN_ROTATION = 80  # acknowledged questions per plan before a saver starts a new one (max 100)
CACHED_PAGE = "/guide/risks/"  # public, warmed into the page cache before the outage
UNCACHED_PAGE = "/guide/costs/"  # public, never requested before the outage
FRIENDLY = "Back in a moment"


@dataclass
class Save:
    saver: int
    plan: int  # index into the saver's visitors
    text: str
    started: float
    ended: float
    status: int | None  # None: no HTTP answer at all
    body: str = ""
    retry_after: str = ""
    error: str = ""

    @property
    def acknowledged(self) -> bool:
        return self.status == 302


class Saver(threading.Thread):
    """One visitor after another (a new plan every PLAN_ROTATION acknowledged
    questions), adding own questions with unique texts until told to stop."""

    def __init__(self, number: int, base: str, stop: threading.Event) -> None:
        super().__init__(name=f"saver-{number}", daemon=True)
        self.number, self.base, self.stop = number, base, stop
        # Each visitor gets its CSRF token now: /clinics/ needs the database.
        self.visitors = [self.new_visitor() for _ in range(6)]
        self.saves: list[Save] = []
        self.failure: BaseException | None = None

    def new_visitor(self) -> Visitor:
        visitor = Visitor(self.base, timeout=20)
        visitor.token()
        return visitor

    def run(self) -> None:
        try:
            self.save_until_stopped()
        except BaseException as error:  # reported by the test, not lost with the thread
            self.failure = error

    def save_until_stopped(self) -> None:
        plan, acknowledged = 0, 0
        for n in itertools.count():
            if self.stop.is_set():
                return
            if acknowledged >= PLAN_ROTATION and plan + 1 < len(self.visitors):
                plan, acknowledged = plan + 1, 0
            text = f"Outage question {self.number}-{n:05d}-{uuid.uuid4().hex[:10]}"
            started = time.monotonic()
            try:
                response = self.visitors[plan].post(
                    "/plan/questions/", {"text": text, "audience": "doctor"}
                )
            except OSError as error:
                save = Save(self.number, plan, text, started, time.monotonic(), None,
                            error=repr(error))  # fmt: skip
            else:
                save = Save(self.number, plan, text, started, time.monotonic(),
                            response.status, response.body,
                            response.header("Retry-After"))  # fmt: skip
            self.saves.append(save)
            acknowledged += save.acknowledged
            time.sleep(0.03)


@dataclass
class Probe:
    at: float
    path: str
    response: Response


def anonymous_get(base: str, path: str) -> Probe:
    """A visitor with nothing of their own (no cookies)."""
    return Probe(time.monotonic(), path, Visitor(base, timeout=20).get(path))


def without_token(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def worker_pids(master: int) -> set[int]:
    return {int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()}


@contextlib.contextmanager
def only(worker: int, workers: set[int]):
    """Pause every gunicorn worker but one (SIGSTOP, then SIGCONT), so that
    it alone accepts connections; well within gunicorn's worker timeout."""
    paused = workers - {worker}
    for pid in paused:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in paused:
            os.kill(pid, signal.SIGCONT)


def test_saves_survive_a_database_restart_under_load_and_the_site_recovers_by_itself():
    with (
        site_on_postgres("outage") as (cluster, app, env),
        Gunicorn(app, env, name="outage") as server,
    ):
        base = server.base
        workers = worker_pids(server.process.pid)
        assert len(workers) == 2
        # The public page goes into the page cache of each worker: with the
        # other one paused, a worker must answer both requests, the second
        # from its cache.
        warmed = []
        for worker in workers:
            with only(worker, workers):
                warmed += [anonymous_get(base, CACHED_PAGE).response for _ in range(2)]
                assert warmed[-1].header("X-Page-Cache") == "hit"
        assert {r.status for r in warmed} == {200}

        stop = threading.Event()
        savers = [Saver(n, base, stop) for n in range(SAVERS)]
        for saver in savers:
            saver.start()
        try:
            time.sleep(SECONDS_BEFORE)

            stop_began = time.monotonic()
            cluster.stop()  # pg_ctl stop -m fast, while the savers keep saving
            down = time.monotonic()
            during: list[Probe] = []
            while time.monotonic() < down + SECONDS_DOWN:
                for path in ("/healthz", CACHED_PAGE, UNCACHED_PAGE):
                    during.append(anonymous_get(base, path))
                time.sleep(0.2)
            start_began = time.monotonic()
            cluster.start()
            up = time.monotonic()

            # No restart of gunicorn: wait for the site to notice by itself.
            healthy_at = None
            while time.monotonic() < up + RECOVERY_LIMIT + 5:
                probe = anonymous_get(base, "/healthz")
                if probe.response.status == 200 and healthy_at is None:
                    healthy_at = probe.at
                back = all(any(s.started >= up and s.acknowledged for s in v.saves)
                           for v in savers)  # fmt: skip
                if healthy_at is not None and back:
                    break
                time.sleep(0.1)
            time.sleep(SECONDS_AFTER)
        finally:
            stop.set()
            for saver in savers:
                saver.join(timeout=30)
        assert [s.failure for s in savers if s.failure] == []
        after_health = [anonymous_get(base, "/healthz") for _ in range(6)]

        saves = sorted((s for v in savers for s in v.saves), key=lambda s: s.started)
        before = [s for s in saves if s.ended < stop_began]
        outage = [s for s in saves if s.started >= down and s.ended <= start_began]
        after = [s for s in saves if s.started >= up]

        # Every answer: an acknowledgement or the friendly 503; no 500, no
        # traceback, no dropped connection, whenever it was sent.
        statuses = {s.status for s in saves}
        assert statuses <= {302, 503}, [(s.status, s.error, s.body[:300]) for s in saves
                                        if s.status not in (302, 503)]  # fmt: skip
        for save in saves:
            assert "Traceback" not in save.body
            if save.status == 503:
                assert FRIENDLY in save.body, save.body[:500]
                assert save.retry_after == "10"
        assert outage, "no save was sent while the database was down"
        assert {s.status for s in outage} == {503}, "a save was acknowledged with no database"
        log = server.log_text()
        assert "Traceback" not in log and "Internal Server Error" not in log, log[-5000:]

        # /healthz: 503 while the database was down, 200 after.
        health_down = [p.response for p in during if p.path == "/healthz"]
        assert health_down and {r.status for r in health_down} == {503}
        assert all('"unavailable"' in r.body for r in health_down)
        assert {p.response.status for p in after_health} == {200}

        # The cached public page was still served, from each worker's memory;
        # a public page that was never cached needed the database: 503.
        cached = [p.response for p in during if p.path == CACHED_PAGE]
        served = [(r.status, r.header("X-Page-Cache")) for r in cached]
        assert served == [(200, "hit")] * len(cached), served
        assert {without_token(r.body) for r in cached} == {without_token(warmed[0].body)}
        uncached = [p.response for p in during if p.path == UNCACHED_PAGE]
        assert {r.status for r in uncached} == {503}
        assert all(FRIENDLY in r.body for r in uncached)

        # Recovery by itself (same gunicorn master and workers), within the limit,
        # for /healthz and for every saver; and once back, every save succeeds.
        assert server.process.poll() is None
        assert worker_pids(server.process.pid) == workers, "a gunicorn worker was replaced"
        assert healthy_at is not None, "/healthz never said 200 after the restart"
        health_recovery = healthy_at - up
        assert health_recovery <= RECOVERY_LIMIT
        first_after = [min(s.ended for s in v.saves if s.started >= up and s.acknowledged)
                       for v in savers]  # fmt: skip
        save_recovery = max(first_after) - up
        assert save_recovery <= RECOVERY_LIMIT
        settled = [s for s in saves if s.started >= max(first_after)]
        assert settled and {s.status for s in settled} == {302}

        acknowledged = [s for s in saves if s.acknowledged]
        in_before = sum(s.acknowledged for s in before)
        in_after = sum(s.acknowledged for s in after)
        in_between = len(acknowledged) - in_before - in_after
        assert in_before > 0 and in_after > 0

        # Every acknowledged question is in its plan, read through the site.
        found, refused_but_saved = 0, []
        for saver in savers:
            for plan, visitor in enumerate(saver.visitors):
                mine = [s for s in saver.saves if s.plan == plan]
                if not mine:
                    continue
                page = visitor.get("/plan/")
                assert page.status == 200
                listed = set(re.findall(r"Outage question [0-9]+-[0-9]+-[0-9a-f]+", page.body))
                missing = [s.text for s in mine if s.acknowledged and s.text not in listed]
                assert missing == [], f"acknowledged but not in the plan: {missing}"
                found += len(listed)
                refused_but_saved += [s for s in mine if s.status == 503 and s.text in listed]
                assert listed <= {s.text for s in mine}
        rows = int(cluster.sql("SELECT count(*) FROM plans_planquestion", "outage"))
        assert rows == found >= len(acknowledged)

        print(
            f"\nsaves: {len(saves)} sent, {len(acknowledged)} acknowledged "
            f"({in_before} before the stop, {in_between} overlapping the outage, "
            f"{in_after} after the restart); {sum(s.status == 503 for s in saves)} answered 503 "
            f"({len(outage)} sent and answered while the database was down); "
            f"503 but saved anyway: {len(refused_but_saved)}; rows: {rows}\n"
            f"database down for {start_began - down:.1f} s (stop took "
            f"{down - stop_began:.2f} s, start {up - start_began:.2f} s); /healthz back "
            f"{health_recovery:.2f} s and every saver acknowledged again "
            f"{save_recovery:.2f} s after PostgreSQL was up; cached page served "
            f"{len(cached)}x during the outage"
        )
