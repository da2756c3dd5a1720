"""Scale curve: warm p50 and SQL statements per page at 50, 200, 1,000, 5,000 patients.

Run: .venv/bin/python bench/scale.py [--sizes 50,200,1000,5000] [--repeat 15] [--seeds DIR]

For each size a fresh SQLite database gets the demo seed plus that many fictitious patients
shaped like a service after a few years (bench/web.py's ``seed_database``: about 50 in
progress, every other pathway ended long ago). The app runs in this process (Flask test client:
the app's own cost, no network nor server threads); each page is read once cold (first read
after the seed: the plans' ranges are stored then), its SQL statements are counted on the next
read, and its warm p50 is taken over ``--repeat`` reads. Target (issue 19): the SQL count
constant and the p50 within 1.5× from the smallest to the largest size, for every page.
The machine's load average is printed: figures taken while other processes run are inflated.
Seeding 5,000 patients takes minutes: ``--seeds DIR`` keeps each seeded database (per size and
day) in DIR and starts the next run from a copy of it (migrated to the current schema first).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask.testing import FlaskClient
from sqlalchemy import Engine, event
from web import counts, seed_database

from hadcoord import clock
from hadcoord.cli.db import upgrade_database
from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.services.demo import DEMO_DOMAIN
from hadcoord.web import create_app
from hadcoord.web.auth_secret import generate_secret

PAGES = ("/tableau-de-bord", "/patients/", "/pharmacie/", "/patients/{id}/parcours",
         "/ars/", "/healthz")


def client_for(url: str, password: str) -> tuple[FlaskClient, Engine]:
    """A logged-in coordinator on the app over ``url``, and the app's engine."""
    settings = load_settings(PROJECT_ROOT / "config.toml", environ={
        "HADCOORD_DATABASE_URL": url, "HADCOORD_SECRET_KEY": generate_secret(),
        "HADCOORD_SECURITY_MFA_ROLES": ""})
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False}, settings=settings)
    client = app.test_client()
    response = client.post("/login", data={"email": f"coordinator@{DEMO_DOMAIN}",
                                           "password": password})
    if response.status_code != 302:
        msg = f"connexion refusée (HTTP {response.status_code})"
        raise RuntimeError(msg)
    engine: Engine = app.extensions["hadcoord"]["engine"]
    return client, engine


Figures = tuple[float, int, float, float]  # cold ms, SQL statements, warm p50 ms, CPU p50 ms


def measure(client: FlaskClient, engine: Engine, path: str, repeat: int) -> Figures:
    """Cold ms, SQL statements of a warm read, warm p50 wall ms and CPU ms of this process
    (the app's own work: steadier than wall time on a machine shared with other work)."""
    statements: list[Any] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    began = time.perf_counter()
    status = client.get(path).status_code
    cold = (time.perf_counter() - began) * 1000
    if status != 200:
        msg = f"{path} : HTTP {status}"
        raise RuntimeError(msg)
    event.listen(engine, "before_cursor_execute", record)
    client.get(path)
    event.remove(engine, "before_cursor_execute", record)
    times, cpu = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return cold, len(statements), statistics.median(times), statistics.median(cpu)


def main() -> None:
    """Seed each size, read each page, print the curve."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=counts, default=[50, 200, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seeds", type=Path, default=None,
                        help="dossier où garder les bases préparées (réutilisées le même jour)")
    args = parser.parse_args()
    results: dict[tuple[str, int], Figures] = {}
    print(f"{'patients':>8} {'page':<26} {'froid ms':>9} {'SQL':>5} {'p50 chaud ms':>13} "
          f"{'p50 CPU ms':>11}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/scale.sqlite3"
            began = time.perf_counter()
            password, planned = seeded(url, size, args.seeds)
            print(f"— {size} patients fictifs ({len(planned)} avec calendrier), base préparée "
                  f"en {time.perf_counter() - began:.0f} s", flush=True)
            client, engine = client_for(url, password)
            for page in PAGES:
                path = page.format(id=planned[len(planned) // 2])
                results[page, size] = measure(client, engine, path, args.repeat)
                cold, sql, p50, cpu = results[page, size]
                print(f"{size:>8} {page:<26} {cold:9.1f} {sql:5d} {p50:13.1f} {cpu:11.1f}",
                      flush=True)
            engine.dispose()
    report(results, args.sizes)


def seeded(url: str, size: int, seeds: Path | None) -> tuple[str, list[int]]:
    """Seed the SQLite database ``url`` (or copy the one kept in ``seeds`` for this size and
    day); the coordinator's password and the planned patients' ids."""
    target = Path(url.removeprefix("sqlite:///"))
    kept = seeds / f"scale-{size}-{clock.today().isoformat()}.sqlite3" if seeds else None
    if kept is not None and kept.exists():
        _copy(kept, target)
        upgrade_database(url)
        facts = json.loads(kept.with_suffix(".json").read_text())
        return facts["password"], facts["planned"]
    upgrade_database(url)
    password, planned = seed_database(url, size, clock.today())
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        _copy(target, kept)
        kept.with_suffix(".json").write_text(json.dumps({"password": password,
                                                         "planned": planned}))
    return password, planned


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (its write-ahead log included)."""
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)


def report(results: dict[tuple[str, int], Figures], sizes: list[int]) -> None:
    """Whether each page keeps its SQL count and its p50 within 1.5× across the sizes."""
    small, large = min(sizes), max(sizes)
    print(f"\nDe {small} à {large} patients :")
    for page in PAGES:
        _, sql_small, p50_small, cpu_small = results[page, small]
        _, sql_large, p50_large, cpu_large = results[page, large]
        ratio = p50_large / p50_small if p50_small else float("nan")
        cpu_ratio = cpu_large / cpu_small if cpu_small else float("nan")
        verdict = "atteinte" if sql_small == sql_large and ratio <= 1.5 else "NON atteinte"
        print(f"  {page:<26} SQL {sql_small} → {sql_large}, p50 × {ratio:.2f} (CPU × "
              f"{cpu_ratio:.2f}) — cible {verdict}")
    print(f"Charge moyenne (1 min) : {os.getloadavg()[0]:.1f} pour {os.cpu_count()} cœurs ; "
          f"jour : {dt.date.today():%d/%m/%Y}")


if __name__ == "__main__":
    main()
