"""Every answer says what it rests on (issue 18): sources line, as-of date, unknown starts.

The territories are a reconstruction from the thesis (2018) until the ARS list is imported; an
authorisation whose start the source does not give is « depuis : inconnu », never a date, and a
day before what the source attests is flagged as an extrapolation.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hadcoord.cli import main
from hadcoord.clock import FrozenClock
from hadcoord.config import Settings, load_settings
from hadcoord.coverage.catalogue import load_catalogue
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.summary import coverage_summary
from hadcoord.geo import CommuneReference

RECONSTRUCTION = ("Sources : territoire : reconstruction d'après la thèse (2018), à remplacer par "
                  "la liste ARS ; faits au 31/07/2018")


def _run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_match_text_says_its_sources_and_as_of_date(runner: CliRunner) -> None:
    text = _run(runner, "match", "Toulouse", "--date", "2026-01-15")
    assert f"{RECONSTRUCTION}, non mis à jour depuis" in text


def test_match_json_says_its_sources(runner: CliRunner) -> None:
    data = json.loads(_run(runner, "match", "Figeac", "--json", "--date", "2026-01-15"))
    assert data["sources"]["line"].startswith(RECONSTRUCTION)
    assert data["sources"]["as_of"] == "2018-07-31"


def test_unknown_start_is_shown_unknown_not_extrapolated(runner: CliRunner) -> None:
    # UDSMA's authorisation: start unknown, attested early 2017 only (thesis l. 5215-5221).
    text = _run(runner, "match", "Rodez", "--date", "2012-01-15")
    assert "UDSMA (chimiothérapie : oui, depuis : inconnu)" in text
    assert ("Attention : autorisation de l'UDSMA au 15/01/2012 extrapolée : début inconnu, "
            "attestée à partir du 01/01/2017 (date approximative)") in text
    assert "Attention : le 15/01/2012 précède l'AMM du BLINCYTO (23/11/2015)" in text
    data = json.loads(_run(runner, "match", "Toulouse", "--json", "--date", "2010-03-01"))
    assert {a["establishment"]: (a["since"], a["since_label"]) for a in data["authorisations"]
            } == {"had-clinique-pasteur": (None, "depuis : inconnu"),
                  "had-sante-relais-domicile": (None, "depuis : inconnu")}
    assert any("au 01/03/2010 extrapolées : début inconnu" in c
               for c in data["sources"]["caveats"])


def test_a_known_start_is_shown_with_its_date(engine: CoverageEngine) -> None:
    result = engine.match("32013", dt.date(2019, 1, 1), "croix-rouge-gers-to-pasteur")
    (fact,) = [a for a in result.authorisations if a.establishment == "had-croix-rouge-gers"]
    assert fact.since_label == "depuis le 31/07/2018 (date approximative)"
    assert result.provenance is not None
    assert result.provenance.caveats == ()


def test_coverage_figures_say_their_sources(runner: CliRunner) -> None:
    assert RECONSTRUCTION in _run(runner, "coverage", "--date", "2026-01-15")
    data = json.loads(_run(runner, "coverage", "--json", "--date", "2018-07-31"))
    assert data["sources"] == {"line": RECONSTRUCTION, "as_of": "2018-07-31", "caveats": []}


def test_territories_check_reports_the_north_aude_limit_as_a_warning(runner: CliRunner) -> None:
    text = _run(runner, "territories", "check")
    assert "[OK] Zones sans HAD autorisée" not in text
    assert "[AVERTISSEMENT] Zones sans HAD autorisée au 31/07/2018" in text
    aude = next(line for line in text.splitlines() if "Nord de l'Aude" in line)
    assert "LIMITE CONNUE : la thèse situe la zone au nord" in aude
    assert "1 avertissement(s)" in text


@pytest.fixture
def settings_copy(territories_copy: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the commands at a writable copy of territories/."""
    config = tmp_path / "config.toml"
    config.write_text(f'[reference]\nterritories_dir = "{territories_copy}"\n', encoding="utf-8")
    monkeypatch.setenv("HADCOORD_CONFIG", str(config))
    return load_settings(config, environ={})


def test_an_imported_ars_list_is_named_with_its_import_date(
        frozen_clock: FrozenClock, runner: CliRunner, settings_copy: Settings, tmp_path: Path,
        reference: CommuneReference) -> None:
    directory = settings_copy.reference.territories_dir
    albi = sorted(load_catalogue(directory, reference).by_id["had-ch-albi"].territory)
    csv_file = tmp_path / "liste-ars.csv"
    csv_file.write_text("establishment_id,commune_code\n"
                        + "".join(f"had-ch-albi,{c}\n" for c in albi), encoding="utf-8")
    _run(runner, "territories", "import", str(csv_file), "--yes")
    text = _run(runner, "match", "Albi", "--date", "2026-12-01")
    assert "Sources : territoire : liste ARS importée le 01/12/2026 ; faits au 01/12/2026" in text
    catalogue = load_catalogue(directory, reference)
    line = coverage_summary(CoverageEngine(catalogue), dt.date(2026, 12, 1)).provenance
    assert line is not None
    assert ("territoires — HAD du CH d'Albi : liste ARS importée le 01/12/2026 ; autres : "
            "reconstruction d'après la thèse (2018)") in line.line
