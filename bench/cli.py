"""Command-line start-up: wall time of `hadcoord --help`, `match Rodez --json`, `plan --help`.

Run: .venv/bin/python bench/cli.py [--runs 5] [--source DIR]

``--source DIR`` runs the commands on another checkout's ``hadcoord`` package (PYTHONPATH),
e.g. the code before a change: ``git archive COMMIT | tar -x -C /tmp/before``.

Each command runs ``--runs`` times in a fresh interpreter (the real cost a user pays: imports
and the reference data read); the baseline is ``python -c pass`` from the same interpreter, run
the same number of times in the same process. Median and best of the runs are printed, with the
modules the command imported that it does not need (folium, pandas, alembic: issue 19's target
is `match` < 0.4 s). The machine's load average is printed: figures taken while other processes
run are inflated: the CPU seconds (user + system of the child) are printed beside the wall
time, as they are less sensitive to other processes on the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HADCOORD = str(Path(sys.executable).parent / "hadcoord")  # the console script of this venv
COMMANDS = {
    "python -c pass (base)": [sys.executable, "-c", "pass"],
    "hadcoord --help": [HADCOORD, "--help"],
    "hadcoord match Rodez --json": [HADCOORD, "match", "Rodez", "--json"],
    "hadcoord plan --help": [HADCOORD, "plan", "--help"],
}
HEAVY = ("folium", "pandas", "alembic")
PROBE = ("import contextlib, io, json, sys\n"
         "from hadcoord.cli import main\n"
         "try:\n"
         "    with contextlib.redirect_stdout(io.StringIO()):\n"
         "        main(sys.argv[1:])\n"
         "except SystemExit:\n"
         "    pass\n"
         "print(json.dumps(sorted(n for n in %r if n in sys.modules)), file=sys.stderr)\n")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds one run of ``command`` takes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=120, env=env)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def heavy_modules(command: list[str], env: dict[str, str]) -> str:
    """Which of ``HEAVY`` the command imports."""
    if command[0] != HADCOORD:
        return ""
    # -P: the current folder is not put first on sys.path (``--source`` must win).
    done = subprocess.run([sys.executable, "-P", "-c", PROBE % (HEAVY,), *command[1:]],
                          capture_output=True, text=True, check=True, timeout=120, env=env)
    return done.stderr.strip().splitlines()[-1]


def main() -> None:
    """Time each command and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source", type=Path, default=None, help="another checkout's code")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.source is not None:
        env["PYTHONPATH"] = str(args.source.resolve())
        print(f"Code de {args.source}")
    print(f"{'commande':<30} {'médiane s':>9} {'meilleur s':>10} {'CPU s':>7}  "
          "modules lourds importés")
    for name, command in COMMANDS.items():
        runs = [timed(command, env) for _ in range(args.runs)]
        walls = [wall for wall, _cpu in runs]
        cpu = statistics.median(cpu for _wall, cpu in runs)
        print(f"{name:<30} {statistics.median(walls):9.2f} {min(walls):10.2f} {cpu:7.2f}  "
              f"{heavy_modules(command, env)}", flush=True)
    print(f"\nCible : match < 0,4 s. Charge moyenne (1 min) : {os.getloadavg()[0]:.1f} pour "
          f"{os.cpu_count()} cœurs.")


if __name__ == "__main__":
    main()
