"""Daily-check triage throughput, and the escalation job for 200 patients at home.

Run: .venv/bin/python bench/triage.py [--checks 10000] [--patients 200] [--repeat 5]
     [--database-url postgresql+psycopg://…]   (default: a temporary SQLite file)

1. Grading + triage of ``--checks`` random daily checks (seeded), three ways in the same
   process: the baseline is the ASTCT 2019 / CTCAE v5 grading alone (what triage rested on
   before NEWS2: `grade_crs`, `grade_icans`, `grade_fever`); then the full `triage` (NEWS2, the
   rules, the French reasons); then `parse_check` (JSON Schema validation) + `triage`, what the
   CLI and the API pay per check. Medians over ``--repeat`` runs, in µs per check; the issue's
   bar is well under 1 ms per check.
2. The escalation job (`hadcoord.services.alerts.escalate`) with ``--patients`` patients at
   home, each with one red alert unacknowledged for 30 min and 5 coordinators: the first run
   escalates every alert (notifications queued, in-app only), the second finds nothing; an
   idle run (no alert due) is what the scheduler pays every minute. SQL statements are counted
   with a ``before_cursor_execute`` listener. Baseline in the same process: a naive loop with
   one query per patient for its open red alerts.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, event, select, update
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.cli.db import upgrade_database
from hadcoord.config import Settings, load_settings
from hadcoord.monitoring import (
    DailyCheck,
    grade_crs,
    grade_fever,
    grade_icans,
    parse_check,
    triage,
)
from hadcoord.services.alerts import escalate
from hadcoord.store import Alert, Pathway, Patient, User, make_engine, make_session_factory

SIGNS = ["tremor", "speech_difficulty", "confusion", "motor_weakness", "headache",
         "balance_problem", "visual_disturbance"]


def random_document(rng: random.Random) -> dict[str, Any]:
    """A plausible home check, mostly normal, sometimes far off (seeded)."""
    wild = rng.random() < 0.15  # most checks are normal; some are far off
    systolic = rng.randint(60, 230) if wild else rng.randint(112, 150)
    document: dict[str, Any] = {
        "temperature_c": round(rng.uniform(34.5, 41.0) if wild else rng.uniform(36.2, 37.8), 1),
        "heart_rate": rng.randint(35, 160) if wild else rng.randint(55, 88),
        "systolic_bp": systolic, "diastolic_bp": max(10, systolic - rng.randint(30, 60)),
        "spo2": rng.randint(82, 100) if wild else rng.randint(96, 100),
        "respiratory_rate": rng.randint(6, 36) if wild else rng.randint(12, 20),
        "oxygen": rng.choices(["none", "low_flow", "high_flow"], [90, 8, 2])[0],
        "vasopressors": rng.choices([0, 1], [98, 2])[0],
        "consciousness": rng.choices(["alert", "drowsy", "voice"], [95, 4, 1])[0],
        "seizure": rng.choices(["none", "brief"], [99, 1])[0],
        "line": {"redness": rng.random() < 0.05, "heat": False, "swelling": False,
                 "discharge": False, "dressing_intact": True},
        "pump": {"running": rng.random() > 0.01, "alarm": rng.random() < 0.03,
                 "volume_left_ml": 120.0 + (rng.uniform(-60, 60) if wild else 0.0),
                 "expected_volume_left_ml": 120.0,
                 "programmed_rate_ml_h": 25.0 if wild and rng.random() < 0.2 else 2.5,
                 "prescribed_rate_ml_h": 2.5, "bag_volume_ml": 250.0},
        "writing_test": rng.choices(["normal", "altered"], [98, 2])[0],
        "fever_masking_treatment": rng.random() < 0.1,
    }
    if wild and rng.random() < 0.2:
        document["neuro_signs"] = rng.sample(SIGNS, rng.randint(1, 2))
    return document


def grading_only(check: DailyCheck) -> int:
    """The baseline: the ASTCT 2019 / CTCAE v5 grades alone."""
    vitals, support, neuro = check.vitals, check.support, check.neuro
    crs = grade_crs(vitals.temperature_c, vitals.systolic_bp, support.oxygen,
                    support.vasopressors, support.vasopressin)
    icans = grade_icans(neuro.ice_score, neuro.consciousness, neuro.seizure)
    return max(crs.grade, icans.grade, grade_fever(vitals.temperature_c))


def median_us(work: Callable[[], object], count: int, repeat: int) -> float:
    """Median over ``repeat`` runs of ``work()``, in µs per item."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) / count * 1e6


def bench_triage(count: int, repeat: int, settings: Settings) -> None:
    """Part 1: µs per check, baseline first (the settings passed, as the CLI and app do)."""
    monitoring = settings.monitoring
    rng = random.Random(12)
    documents = [random_document(rng) for _ in range(count)]
    checks = [parse_check(document) for document in documents]
    levels = [triage(check, monitoring).level.value for check in checks]
    base = median_us(lambda: [grading_only(c) for c in checks], count, repeat)
    full = median_us(lambda: [triage(c, monitoring) for c in checks], count, repeat)
    parsed = median_us(lambda: [triage(parse_check(d), monitoring) for d in documents], count,
                       repeat)
    print(f"Triage de {count} relevés aléatoires (médiane sur {repeat} passes) :")
    print(f"  référence, grades ASTCT/CTCAE seuls : {base:8.1f} µs/relevé")
    print(f"  triage complet (NEWS2, règles, motifs) : {full:8.1f} µs/relevé "
          f"({full / base:.1f} × la référence)")
    print(f"  validation du schéma + triage : {parsed:8.1f} µs/relevé")
    verdict = "OK" if full < 1000 else "DÉPASSÉ"
    print(f"  objectif < 1 ms par relevé (grades + triage) : {verdict}")
    print("  niveaux : " + ", ".join(f"{lv} {levels.count(lv)}"
                                      for lv in ("red", "orange", "green")))


class QueryCounter:
    """Counts the SQL statements sent on an engine."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: object) -> None:
        self.count += 1


def seed(factory: sessionmaker[Session], patients: int, now: dt.datetime) -> None:
    """Patients at home, one red alert each raised 30 min before ``now``, 5 coordinators."""
    with factory() as session:
        for number in range(5):
            session.add(User(email=f"idec{number}@bench.fr", password_hash="x",
                             role="coordinator"))
        raised = now - dt.timedelta(minutes=30)
        for number in range(patients):
            patient = Patient(reference=f"P-E{number:05d}", last_name=f"BENCH{number}",
                              first_name="Alex", birth_date=dt.date(1970, 1, 1), sex="F",
                              commune_code="46102", indication="mrd", weight_kg=70.0,
                              consent_had=True)
            session.add(Pathway(patient=patient, coverage_status="authorised_had",
                                option_kind="had",
                                had_establishment_id="had-ch-cahors",
                                cycle1_start=dt.datetime(2027, 3, 1, 10),
                                change_days="mon-thu", cycles=1))
            session.flush()
            session.add(Alert(patient_id=patient.id, kind="check", level="red",
                              message="Relevé ROUGE : banc d'essai", dedup_key=f"bench:{number}",
                              created_at=raised, raised_at=raised))
        session.commit()


def naive_due(session: Session, now: dt.datetime, delay: dt.timedelta) -> int:
    """Baseline: one query per patient for its open red alerts past the delay."""
    due = 0
    for patient_id in session.scalars(select(Patient.id)).all():
        due += len(session.scalars(select(Alert).where(
            Alert.patient_id == patient_id, Alert.level == "red",
            Alert.acknowledged_at.is_(None), Alert.escalated_at.is_(None),
            Alert.created_at <= now - delay)).all())
    return due


def timed(engine: Engine, work: Callable[[], int]) -> tuple[int, int, float]:
    """(result, SQL statements, milliseconds) of one call."""
    counter = QueryCounter(engine)
    start = time.perf_counter()
    result = work()
    elapsed = (time.perf_counter() - start) * 1000
    event.remove(engine, "before_cursor_execute", counter._seen)
    return result, counter.count, elapsed


def bench_escalation(url: str, patients: int, settings: Settings) -> None:
    """Part 2: the escalation job on ``patients`` open red alerts."""
    upgrade_database(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    now = dt.datetime.now(dt.UTC)
    seed(factory, patients, now)
    delay = dt.timedelta(minutes=settings.monitoring.escalation_delay_minutes)

    def run(at: dt.datetime) -> int:
        with factory() as session:
            queued = escalate(session, at, settings)
            session.commit()
            return queued

    def baseline() -> int:
        with factory() as session:
            return naive_due(session, now, delay)

    base_due, base_queries, base_ms = timed(engine, baseline)
    first, first_queries, first_ms = timed(engine, lambda: run(now))
    second, second_queries, second_ms = timed(engine, lambda: run(now))
    with factory() as session:  # an idle minute: nothing due
        session.execute(update(Alert).values(acknowledged_at=now))
        session.commit()
    _idle, idle_queries, idle_ms = timed(engine, lambda: run(now))
    engine.dispose()
    print(f"Escalade, {patients} patients à domicile, une alerte rouge non acquittée chacun "
          f"({engine.dialect.name}) :")
    print(f"  référence, une requête par patient : {base_due} alertes dues, "
          f"{base_queries} requêtes, {base_ms:.0f} ms (recherche seule)")
    print(f"  1re passe : {first} notifications en file, {first_queries} requêtes, "
          f"{first_ms:.0f} ms")
    print(f"  2e passe : {second} notification, {second_queries} requêtes, {second_ms:.0f} ms "
          "(une seule escalade par alerte)")
    print(f"  minute sans alerte due : {idle_queries} requêtes, {idle_ms:.1f} ms")


def main() -> None:
    """Parse the options and run both parts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=10_000)
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        settings = load_settings(environ={"HADCOORD_DATABASE_URL": url})
        bench_triage(options.checks, options.repeat, settings)
        bench_escalation(url, options.patients, settings)


if __name__ == "__main__":
    main()
