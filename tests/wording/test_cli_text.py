"""What the CLI prints for a person: French numbers, one label per status, grammar, no
internal reference (the JSON outputs are the machine contract and do not change)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from icalendar import Calendar

from hadcoord.cli import main
from hadcoord.coverage.results import MatchStatus
from hadcoord.wording import formats, labels

NNBSP = "\u202f"


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_match_prints_french_numbers_and_the_same_status_label_as_the_pages(
        runner: CliRunner) -> None:
    output = run(runner, "match", "Toulouse", "--date", "2026-01-15")
    assert f"514{NNBSP}819 hab." in output
    rodez = run(runner, "match", "Rodez", "--date", "2026-01-15")
    assert "Statut : dérogation ARS nécessaire" in rodez
    assert "dérogation ARS à demander" not in rodez
    assert "demander à l'ARS une dérogation pour l'HAD du CH d'Albi" in rodez
    assert "relève du territoire de l'UDSMA" in rodez


def test_match_json_keeps_its_raw_values(runner: CliRunner) -> None:
    data = json.loads(run(runner, "match", "Rodez", "--date", "2026-01-15", "--json"))
    assert data["status"] == "derogation_needed"
    assert [o["kind"] for o in data["options"]] == ["derogation", "convention"]
    assert data["options"][0]["readiness"]["training"] in {"needed", "not_needed", "to_check"}


def test_no_internal_reference_in_what_the_cli_prints(runner: CliRunner) -> None:
    laguiole = run(runner, "match", "Laguiole", "--date", "2026-01-15")
    assert "Démarche longue et fastidieuse" in laguiole
    # The sources line names the thesis as the origin of the territories (issue 18), never a
    # passage of it (« Thèse, l. … », « tableau 26 »).
    assert "Thèse, " not in laguiole
    assert "l. 5" not in laguiole
    assert "tableau" not in laguiole
    assert "relève du territoire de l'HAD Clinique Font Redonde et de l'UDSMA" in laguiole
    check = run(runner, "territories", "check")
    assert "(l. " not in check


def test_population_figures_use_narrow_no_break_spaces(runner: CliRunner) -> None:
    assert f"1{NNBSP}207 hab." in run(runner, "communes", "search", "Laguiole")
    coverage = run(runner, "coverage", "--date", "2026-01-15")
    total = json.loads(run(runner, "coverage", "--date", "2026-01-15", "--json"))["total"]
    assert formats.integer(total["population"]) in coverage
    assert NNBSP in formats.integer(total["population"])


def test_ics_descriptions_have_a_decimal_comma(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "calendrier.ics"
    run(runner, "plan", "--start", "2026-03-02T10:00", "--indication", "rr", "--cycles", "2",
        "--change-days", "mon-thu", "--ics", str(path))
    descriptions = [str(e.get("DESCRIPTION", "")) for e in
                    Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
    bags = " ".join(d for d in descriptions if "Poche" in d)
    assert "88,67\u00a0µg" in bags
    assert "2,5\u00a0mL/h" in bags
    assert "88.67" not in bags
    assert "2.5 mL/h" not in bags


def test_labels_of_the_cli_are_the_catalogue(runner: CliRunner) -> None:
    output = run(runner, "match", "Montauban", "--date", "2026-01-15")
    assert f"Statut : {labels.MATCH_STATUS[MatchStatus.AUTHORISED_HAD]}" in output
    assert "1. HAD du territoire — HAD du CH de Montauban" in output
