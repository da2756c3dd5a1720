"""Morning digest for 200 patients at home with 30 days of checks: time and SQL queries.

Run: .venv/bin/python bench/jobs.py [--patients 200] [--days 30] [--repeat 7]
     [--database-url postgresql+psycopg://…]   (default: a temporary SQLite file)

Measures `hadcoord.services.digest.morning_digest` (the dashboard's `day_overview` with its
eager loads, one grouped query for the latest check of every patient at home, one for the open
alerts) plus the French texts of the e-mail and in-app versions, against a baseline in the same
process: a naive per-patient loop (the patient, its pathway, its tasks, its latest check and its
open alerts, each read with its own query). Both results are compared (same patients, same
latest triage, same overdue tasks and alerts). Queries are counted with a SQLAlchemy
``before_cursor_execute`` listener; times are medians over ``--repeat`` runs, plans cached (the
planner is pure; its cost is in bench/planning.py). Then the whole job once (`run_job`, e-mail
disabled: queueing the in-app notifications), and a second run that queues nothing.
Cold figures too: each variant's first run with the plan cache emptied (the service's first
digest also stores the plans' ranges, ``plan_summaries``). ``--database-url`` names a bench
database: its tables are dropped and re-created first (a database holding a real patient is
refused), so the bench runs any number of times on it with the same inputs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _fresh import fresh_database
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.clock import PARIS
from hadcoord.config import load_settings
from hadcoord.jobs.runner import run_job
from hadcoord.planning import default_protocol
from hadcoord.services.calendars import _cached_plan, plan_for
from hadcoord.services.digest import morning_digest
from hadcoord.services.digest_text import digest_message
from hadcoord.store import (
    Alert,
    DailyCheckRecord,
    Pathway,
    Patient,
    Task,
    User,
    make_engine,
    make_session_factory,
)

DAY = dt.date(2027, 3, 10)  # a Wednesday
PROTOCOL = default_protocol()


def seed(factory: sessionmaker[Session], patients: int, days: int, rng: random.Random) -> None:
    """Patients at home on DAY (cycle 1 started 4–20 days before), checks, tasks, alerts."""
    with factory() as session:
        for number in range(5):
            session.add(User(email=f"idec{number}@bench.fr", password_hash="x",
                             role="coordinator"))
        for number in range(patients):
            start = dt.datetime.combine(DAY - dt.timedelta(days=rng.randint(4, 20)),
                                        dt.time(10))
            patient = Patient(reference=f"P-B{number:05d}", last_name=f"BENCH{number}",
                              first_name="Alex", birth_date=dt.date(1970, 1, 1), sex="F",
                              commune_code="46102", indication="mrd", weight_kg=70.0,
                              consent_had=True, is_demo=True)
            pathway = Pathway(patient=patient, coverage_status="authorised_had", option_kind="had",
                              had_establishment_id="had-ch-cahors", cycle1_start=start,
                              change_days="mon-thu", cycles=1)
            pathway.tasks = [Task(kind="training", title="Former l'équipe", owner="IDEC",
                                  due_date=DAY - dt.timedelta(days=rng.randint(-5, 5)))]
            session.add(pathway)
            session.flush()
            for back in range(days, 0, -1):
                check_day = DAY - dt.timedelta(days=back)
                at = dt.datetime.combine(check_day, dt.time(9, rng.randint(0, 59)),
                                         tzinfo=PARIS)
                level = rng.choices(["green", "orange", "red"], [90, 8, 2])[0]
                session.add(DailyCheckRecord(
                    patient_id=patient.id, recorded_by="ide@bench.fr", recorded_at=at,
                    check_day=check_day, temperature_c=36.8, heart_rate=80, systolic_bp=120,
                    diastolic_bp=70, spo2=98, oxygen="none", vasopressors=0, vasopressin=False,
                    line_redness=False, line_heat=False, line_swelling=False,
                    line_discharge=False, pump_running=True, pump_alarm=False,
                    volume_left_ml=100, expected_volume_left_ml=100, writing_test="normal",
                    consciousness="alert", seizure="none", crs_grade=0, icans_grade=0,
                    fever_grade=0, triage=level, pump_deviation_ml=0))
            if number % 10 == 0:
                session.add(Alert(patient_id=patient.id, kind="check", level="orange",
                                  message="Relevé ORANGE", dedup_key=f"bench:{number}"))
        session.commit()


def naive_digest(session: Session, day: dt.date) -> dict[str, Any]:
    """The same digest, one patient at a time."""
    result: dict[str, Any] = {"at_home": [], "latest": {}, "overdue": 0, "alerts": 0}
    for pathway_id in session.scalars(select(Pathway.id)).all():
        pathway = session.get(Pathway, pathway_id)
        assert pathway is not None
        patient = session.get(Patient, pathway.patient_id)
        assert patient is not None
        tasks = session.scalars(select(Task).where(Task.pathway_id == pathway.id)).all()
        result["overdue"] += sum(t.status == "todo" and t.due_date < day for t in tasks)
        result["alerts"] += len(session.scalars(select(Alert).where(
            Alert.patient_id == patient.id, Alert.acknowledged_at.is_(None))).all())
        plan = plan_for(pathway, PROTOCOL)
        if plan is None or day not in plan.home_checks:
            continue
        result["at_home"].append(patient.reference)
        latest = session.scalars(select(DailyCheckRecord).where(
            DailyCheckRecord.patient_id == patient.id)
            .order_by(DailyCheckRecord.recorded_at.desc()).limit(1)).first()
        result["latest"][patient.reference] = latest.triage if latest else None
    return result  # no text rendered: a favour to the baseline


def fast_digest(session: Session, day: dt.date) -> dict[str, Any]:
    """The service's digest and both texts, reduced to the compared figures."""
    digest = morning_digest(session, day, PROTOCOL)
    digest_message(digest, names=False)
    digest_message(digest, names=True)
    return {"at_home": [item.patient.reference for item in digest.expected],
            "latest": {item.patient.reference: item.latest.triage if item.latest else None
                       for item in digest.expected},
            "overdue": len(digest.overview.overdue), "alerts": len(digest.alerts)}


def measure(engine: Engine, factory: sessionmaker[Session],
            function: Callable[[Session, dt.date], dict[str, Any]],
            repeat: int, *, commit: bool = False) -> tuple[float, int, dict[str, Any]]:
    """Median ms, queries of one run, and the result (``commit``: keep what the run stored)."""
    queries = [0]

    def count(*_args: object) -> None:
        queries[0] += 1

    times = []
    result: dict[str, Any] = {}
    for _ in range(repeat):
        queries[0] = 0
        event.listen(engine, "before_cursor_execute", count)
        start = time.perf_counter()
        with factory() as session:
            result = function(session, DAY)
            if commit:
                session.commit()
        times.append(time.perf_counter() - start)
        event.remove(engine, "before_cursor_execute", count)
    return statistics.median(times) * 1000, queries[0], result


def cold(engine: Engine, factory: sessionmaker[Session],
         function: Callable[[Session, dt.date], dict[str, Any]]) -> tuple[float, int]:
    """One run with the plan cache emptied (the first digest of a fresh process): ms, queries.

    What it stores (the plans' ranges) is committed, as the job does: the warm runs read it.
    """
    _cached_plan.cache_clear()
    return measure(engine, factory, function, 1, commit=True)[:2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        fresh_database(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        seed(factory, args.patients, args.days, random.Random(7))
        backend = engine.dialect.name
        print(f"Base {backend} : {args.patients} patients, {args.days} jours de relevés "
              f"({args.patients * args.days} relevés), jour {DAY:%d/%m/%Y}")
        fast_cold, fast_cold_queries = cold(engine, factory, fast_digest)
        naive_cold, naive_cold_queries = cold(engine, factory, naive_digest)
        fast_ms, fast_queries, fast = measure(engine, factory, fast_digest, args.repeat)
        naive_ms, naive_queries, naive = measure(engine, factory, naive_digest, args.repeat)
        same = (sorted(fast["at_home"]) == sorted(naive["at_home"])
                and fast["latest"] == naive["latest"] and fast["overdue"] == naive["overdue"]
                and fast["alerts"] == naive["alerts"])
        print(f"patients à domicile : {len(fast['at_home'])} ; résultats identiques : {same}")
        print(f"synthèse (service)        : {fast_ms:8.1f} ms, {fast_queries:5d} requêtes")
        print(f"boucle naïve par patient  : {naive_ms:8.1f} ms, {naive_queries:5d} requêtes")
        print(f"rapport naïf / service    : {naive_ms / fast_ms:8.1f}× en temps, "
              f"{naive_queries / max(fast_queries, 1):.1f}× en requêtes (chaud)")
        print(f"froid, synthèse (service) : {fast_cold:8.1f} ms, {fast_cold_queries:5d} requêtes"
              " (plans calculés, leurs dates stockées)")
        print(f"froid, boucle naïve       : {naive_cold:8.1f} ms, {naive_cold_queries:5d} "
              "requêtes (plans calculés)")
        settings = load_settings(environ={"HADCOORD_DATABASE_URL": url})
        start = time.perf_counter()
        first = run_job("morning_digest", DAY, factory, settings)
        first_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        second = run_job("morning_digest", DAY, factory, settings)
        second_ms = (time.perf_counter() - start) * 1000
        print(f"tâche complète (file in-app) : {first_ms:.1f} ms, {first.queued} notification(s);"
              f" relancée : {second_ms:.1f} ms, {second.queued} notification(s)")
        engine.dispose()
        if not same:
            sys.exit("Erreur : la synthèse et la boucle naïve diffèrent")


if __name__ == "__main__":
    main()
