"""Web latency under load: every page the coordinator opens first, under waitress, on SQLite.

Run: .venv/bin/python bench/web.py [--clients 1,10,50] [--seconds 5] [--patients 200]
     [--threads 8]

A fresh SQLite database gets the demo accounts and patients plus ``--patients`` fictitious
patients (is_demo) with a pathway and a treatment calendar: about 50 in progress, the others
ended (the shape after a few years). Pages: dashboard, patient list, pharmacy list, pathway page
and its map, /ars/ and the ARS map (gzip accepted, as a browser), /api/match over 200 different
communes. The scale curve (SQL count and warm p50 from 50 to 5,000 patients) is bench/scale.py.
The app runs under waitress (``--threads``, 8 as `hadcoord serve`) in its own process on
127.0.0.1 (bench/_load.py); keep-alive clients, one thread each, log in as the coordinator
and GET each page for a warm-up second then ``--seconds``; the pathway page cycles through
every planned patient. Baseline, same server and clients: `/healthz` (one `SELECT 1`), the
server + client floor; each page's p50 is printed as a ratio to it. Targets (issue 19): every
page p95 < 100 ms at 10 clients and < 300 ms at 50, no error. The machine's load average is
printed: figures taken while other processes run are inflated.

Several processes on PostgreSQL (issue 16): ``--postgresql URL [--workers N]`` measures, in the
same run and after the SQLite single process (the baseline), the same pages served by
`hadcoord serve --workers N` (gunicorn, N processes × ``--threads``) on that PostgreSQL
database, seeded the same way; its tables are dropped and re-created (a database holding a
real patient is refused). A comparison table follows: p95 per page and client count, both
configurations side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import re
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _fresh import fresh_database
from _load import HOST, LoadResult, ProcessServer, Server, get_each, run_load
from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord import clock
from hadcoord.cli.db import upgrade_database
from hadcoord.config import load_settings
from hadcoord.coverage import MatchResult
from hadcoord.coverage.defaults import default_engine
from hadcoord.geo import default_reference
from hadcoord.planning import PlanningError
from hadcoord.services.calendars import plan_for, protocol_of
from hadcoord.services.demo import DEMO_DOMAIN, seed
from hadcoord.services.pathways import align_due_dates, choose_option, set_task_status
from hadcoord.services.patients import PatientInput, create_patient
from hadcoord.store import Pathway, Role, User, open_session

SETTINGS = load_settings()
SERVER_THREADS = 8  # as `hadcoord serve`
WARMUP_S = 1.0
IN_PROGRESS = 50
TARGETS_MS = {10: 100, 50: 300}  # p95 per number of clients (issue 19)
BASELINE = "/healthz (base)"
PATHWAY = "/patients/<id>/parcours"
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def add_patient(session: Session, rng: random.Random, coordinator: User, result: MatchResult, *,
                number: int, today: dt.date) -> None:
    """One fictitious patient with the first option and a calendar (the first ``IN_PROGRESS``
    within the last 60 or the next 30 days, the others ended); every task of an ended
    treatment is done, 90 % of those of a started one, 50 % of the others."""
    indication = rng.choice(("rr", "mrd"))
    patient = create_patient(session, PatientInput(
        last_name=f"FICTIF-BENCH-{number:03d}", first_name="Test",
        birth_date=dt.date(1950 + rng.randrange(60), 1 + rng.randrange(12), 15),
        sex=rng.choice("FM"), commune_code=result.commune.code, phone="05 00 00 00 00",
        gp_name="Dr Fictif", haematologist="Dr Exemple (IUCT-O)", indication=indication,
        # A height too: under 45 kg the dose follows the body surface and the planner refuses
        # a plan without it (such a pathway would stay unplanned with its tasks open forever).
        weight_kg=rng.uniform(40, 95), height_cm=rng.uniform(150, 190), consent_had=True),
        coordinator, is_demo=True)
    pathway = choose_option(session, patient, result, 0, user=coordinator, today=today)
    # The shape of a service after a few years: about IN_PROGRESS pathways started in the last
    # 60 or the next 30 days, every other one ended long ago: started 1 to 4 years back (five
    # cycles take about 30 weeks: a start 150 days back, as before, was still in treatment).
    start = today + dt.timedelta(days=rng.randint(-60, 30) if number < IN_PROGRESS
                                 else rng.randint(-4 * 365, -365))
    pathway.cycle1_start = dt.datetime.combine(start, dt.time(rng.choice((9, 10, 14))))
    pathway.change_days = rng.choice(("mon-thu", "tue-fri"))
    pathway.cycles = rng.randint(1, 5 if indication == "rr" else 4)
    try:
        plan = plan_for(pathway, protocol_of(SETTINGS.protocol))
    except PlanningError:  # e.g. a closure the planner cannot work around: left unplanned
        pathway.cycle1_start = None
        return
    if plan is not None:
        align_due_dates(pathway, plan.stays[0].discharge.date(), today)
    for task in pathway.tasks:
        # An ended treatment has done its tasks; one in progress has done most of them.
        ended = number >= IN_PROGRESS
        if ended or rng.random() < (0.9 if start < today else 0.5):
            set_task_status(session, task, True, coordinator)


def seed_database(url: str, count: int, today: dt.date) -> tuple[str, list[int]]:
    """Demo seed plus ``count`` fictitious patients; the coordinator's password and the ids of
    the patients with a calendar."""
    rng = random.Random(1)
    codes = sorted(default_reference(SETTINGS.reference).by_code)
    with open_session(url) as session:
        accounts = seed(session, today, SETTINGS)
        password = next(a.password for a in accounts if a.role == Role.COORDINATOR)
        coordinator = session.scalars(select(User).where(User.role == Role.COORDINATOR)).one()
        added = 0
        while added < count:
            result = default_engine(SETTINGS).match(rng.choice(codes), today)
            if result.options:
                add_patient(session, rng, coordinator, result, number=added, today=today)
                added += 1
        session.commit()
        planned = session.scalars(select(Pathway.patient_id).where(
            Pathway.cycle1_start.is_not(None)).order_by(Pathway.patient_id)).all()
    return password, list(planned)


def match_codes(count: int = 200) -> list[str]:
    """``count`` different INSEE codes (the match cache must not answer every request)."""
    codes = sorted(default_reference(SETTINGS.reference).by_code)
    return random.Random(2).sample(codes, count)


def login(port: int, email: str, password: str) -> str:
    """Log in through the form; the Cookie header to send afterwards."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", "/login")
    response = connection.getresponse()
    token = CSRF_INPUT.search(response.read().decode())
    cookies = SimpleCookie("; ".join(response.headers.get_all("Set-Cookie") or []))
    if token is None:
        msg = "pas de jeton CSRF dans /login"
        raise RuntimeError(msg)
    form = urlencode({"email": email, "password": password, "csrf_token": token.group(1)})
    connection.request("POST", "/login", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v.value}" for k, v in cookies.items())})
    response = connection.getresponse()
    response.read()
    cookies.load("; ".join(response.headers.get_all("Set-Cookie") or []))
    connection.close()
    if response.status != 302:
        msg = f"connexion refusée (HTTP {response.status})"
        raise RuntimeError(msg)
    return "; ".join(f"{k}={v.value}" for k, v in cookies.items())


def counts(text: str) -> list[int]:
    """``--clients 1,10,50`` → [1, 10, 50]."""
    try:
        values = [int(c) for c in text.split(",")]
    except ValueError:
        values = []
    if not values or min(values) < 1:
        msg = f"liste de nombres de clients invalide : {text!r} (exemple : 1,10,50)"
        raise argparse.ArgumentTypeError(msg)
    return values


def row(clients: int, name: str, result: LoadResult, floor: float) -> str:
    """One line of the table."""
    p50 = result.percentile(50)
    return (f"{clients:>7} {name:<24} {p50:8.1f} {result.percentile(95):8.1f} "
            f"{result.rate:8.0f} {result.errors:7d} {p50 / floor:9.1f} ×")


def measure(port: int, pages: dict[str, list[str]], cookie: str, levels: list[int],
            seconds: float) -> dict[tuple[int, str], LoadResult]:
    """Each page at each number of clients, the baseline first; prints the table."""
    print(f"{'clients':>7} {'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} "
          f"{'erreurs':>7} {'p50/base':>11}")
    results: dict[tuple[int, str], LoadResult] = {}
    for clients in levels:
        for name, paths in pages.items():
            result = run_load(port, paths, cookie, clients, seconds=seconds, warmup=WARMUP_S)
            results[clients, name] = result
            print(row(clients, name, result, results[clients, BASELINE].percentile(50)),
                  flush=True)
            if result.first_error:
                print(f"        première erreur : {result.first_error}")
            if result.warmup_errors:
                print(f"        {result.warmup_errors} erreur(s) pendant le préchauffage, "
                      f"première : {result.first_warmup_error}")
    return results


def report(results: dict[tuple[int, str], LoadResult], first_failures: int) -> None:
    """Whether the issue's targets are met."""
    print()
    for (clients, name), result in sorted(results.items()):
        target = TARGETS_MS.get(clients)
        if target is None or name == BASELINE:
            continue
        p95 = result.percentile(95)
        print(f"Cible p95 < {target} ms à {clients} clients ({name}) : {p95:.1f} ms — "
              f"{'atteinte' if p95 < target else 'NON atteinte'}")
    warming = sum(r.warmup_errors for r in results.values())
    errors = first_failures + warming + sum(r.errors for r in results.values())
    print(f"Cible 0 erreur : {errors} erreur(s), dont {warming} pendant les préchauffages — "
          f"{'atteinte' if errors == 0 else 'NON atteinte'}")
    print(f"Charge moyenne de la machine (1 min) en fin de mesure : {os.getloadavg()[0]:.1f} "
          f"pour {os.cpu_count()} cœurs (au-delà, d'autres processus faussent les chiffres)")


def bench_pages(planned: list[int]) -> dict[str, list[str]]:
    """The pages measured, each with the URLs its requests cycle through."""
    return {BASELINE: ["/healthz"], "/tableau-de-bord": ["/tableau-de-bord"],
            "/patients/": ["/patients/"], "/pharmacie/": ["/pharmacie/"],
            PATHWAY: [f"/patients/{i}/parcours" for i in planned],
            "/patients/<id>/parcours/carte": [f"/patients/{i}/parcours/carte"
                                              for i in planned],
            "/ars/": ["/ars/"], "/ars/carte (gzip)": ["/ars/carte"],
            "/api/match?code=": [f"/api/match?code={code}" for code in match_codes()]}


def seeded(url: str, patients: int, label: str) -> tuple[str, dict[str, list[str]]]:
    """Seed ``url``; the coordinator's password and the pages."""
    began = time.perf_counter()
    password, planned = seed_database(url, patients, clock.today())
    print(f"Base {label} : {patients + 3} patients fictifs, {len(planned)} avec calendrier "
          f"({time.perf_counter() - began:.1f} s) ; charge moyenne (1 min) : "
          f"{os.getloadavg()[0]:.1f}")
    return password, bench_pages(planned)


def run_on(port: int, password: str, pages: dict[str, list[str]], args: argparse.Namespace,
           what: str) -> tuple[dict[tuple[int, str], LoadResult], int]:
    """Log in, a first pass on every page, then the measures; the results and failures."""
    cookie = login(port, f"coordinator@{DEMO_DOMAIN}", password)
    began = time.perf_counter()
    failures = [f for paths in pages.values() for f in get_each(port, paths, cookie)]
    print(f"Premier passage sur chaque page (caches) : {time.perf_counter() - began:.1f}"
          f" s, {len(failures)} échec(s) {failures[:3]}")
    print(f"{what} sur {HOST}:{port} ; par mesure : préchauffage {WARMUP_S:g} s puis "
          f"{args.seconds:g} s\n")
    return measure(port, pages, cookie, args.clients, args.seconds), len(failures)


def compare(single: dict[tuple[int, str], LoadResult],
            multi: dict[tuple[int, str], LoadResult], workers: int) -> None:
    """p95 of each page and client count: SQLite 1 process beside PostgreSQL N processes."""
    print(f"\nComparaison p95 (ms) : SQLite 1 processus | PostgreSQL {workers} processus")
    print(f"{'clients':>7} {'page':<32} {'SQLite':>8} {'PG':>8} {'PG/SQLite':>10}")
    for key in sorted(single):
        if key in multi:
            before, after = single[key].percentile(95), multi[key].percentile(95)
            print(f"{key[0]:>7} {key[1]:<32} {before:8.1f} {after:8.1f} "
                  f"{after / before if before else 0:9.2f} ×")


def main() -> None:
    """Seed, serve, load each page at each client count, print the table and the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=counts, default=[1, 10, 50])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--threads", type=int, default=SERVER_THREADS, help="waitress threads")
    parser.add_argument("--postgresql", default=os.environ.get("HADCOORD_BENCH_DATABASE_URL"),
                        help="PostgreSQL database (emptied) for the multi-process figures")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="processes of `hadcoord serve --workers` on PostgreSQL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        upgrade_database(url)
        password, pages = seeded(url, args.patients, "SQLite")
        with Server(url, args.threads) as port:
            results, failures = run_on(port, password, pages, args,
                                       f"waitress {args.threads} fils, 1 processus, SQLite")
    report(results, failures)
    if not args.postgresql:
        return
    print()
    fresh_database(args.postgresql)
    password, pages = seeded(args.postgresql, args.patients, "PostgreSQL")
    with ProcessServer(args.postgresql, args.workers, args.threads) as port:
        multi, failures = run_on(port, password, pages, args,
                                 f"hadcoord serve --workers {args.workers} (gunicorn, "
                                 f"{args.threads} fils chacun), PostgreSQL")
    report(multi, failures)
    compare(results, multi, args.workers)


if __name__ == "__main__":
    main()
