"""`territories import` accepts a new establishment decided by the ARS (issue 18).

The establishment below is FICTITIOUS, written for this test only, into a temporary copy of
territories/ (the shipped data is never modified): an HAD in the Hérault, outside the thesis's
area, authorised from 1 January 2027.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from hadcoord.cli import main
from hadcoord.config import Settings, load_settings
from hadcoord.coverage.catalogue import load_catalogue
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.ranking import rank_changes
from hadcoord.coverage.summary import coverage_summary
from hadcoord.geo import CommuneReference
from hadcoord.maps import ars_map
from hadcoord.maps.classes import CoverageClass

IDENT = "had-fictive-herault"
MONTPELLIER = "34172"
FICTITIOUS = f"""# FICTIF — établissement inventé pour un test : n'existe pas.
id = "{IDENT}"
name = "HAD FICTIVE de test (Hérault)"
structure = "attached_public_hospital"
departments_served = ["34"]
source = "FICTIF — test de l'import"

[sites]
main = "{MONTPELLIER}"
has_annex_sites = false
annex = []

[pharmacy]
supply = "hospital_pui"
source = "FICTIF — test de l'import"

[blinatumomab]
patients = 0
as_of = 2026-12-01
source = "FICTIF — test de l'import"

[equipment]
micrel_pump = "unknown"

[[chemotherapy]]
start = 2027-01-01
basis = "attached"
partner = "Centre hospitalier FICTIF"
source = "FICTIF — décision de test"

[territory]
source = "FICTIF — liste de test"
include = [{{ epci = "243400017", label = "Montpellier Méditerranée Métropole" }}]
"""


@pytest.fixture
def settings_copy(territories_copy: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the commands at a writable copy of territories/."""
    config = tmp_path / "config.toml"
    config.write_text(f'[reference]\nterritories_dir = "{territories_copy}"\n', encoding="utf-8")
    monkeypatch.setenv("HADCOORD_CONFIG", str(config))
    return load_settings(config, environ={})


@pytest.fixture
def establishment_file(tmp_path: Path) -> Path:
    path = tmp_path / "import" / f"{IDENT}.toml"
    path.parent.mkdir()
    path.write_text(FICTITIOUS, encoding="utf-8")
    return path


@pytest.mark.usefixtures("frozen_clock")
def test_importing_a_new_establishment_reaches_match_map_and_ranking(
        runner: CliRunner, settings_copy: Settings,
        establishment_file: Path, territories_dir: Path, reference: CommuneReference) -> None:
    directory = settings_copy.reference.territories_dir
    before = CoverageEngine(load_catalogue(directory, reference))
    assert before.match(MONTPELLIER, dt.date(2027, 2, 1)).status == "not_covered_by_dataset"

    dry = runner.invoke(main, ["territories", "import", str(establishment_file), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Nouvel établissement :" in dry.output
    assert "HAD FICTIVE de test (Hérault) (had-fictive-herault) : 31 communes" in dry.output
    assert "chimiothérapie à domicile : à partir du 01/01/2027" in dry.output
    assert not (directory / "ars").exists()

    done = runner.invoke(main, ["territories", "import", str(establishment_file), "--yes"])
    assert done.exit_code == 0, done.output
    assert (directory / "ars" / "establishments" / f"{IDENT}.toml").exists()
    assert not (territories_dir / "ars" / "establishments").exists()  # shipped data untouched

    engine = CoverageEngine(load_catalogue(directory, reference))
    result = engine.match(MONTPELLIER, dt.date(2027, 2, 1))
    assert result.status == "authorised_had"
    assert [o.establishment for o in result.options] == [IDENT]
    assert result.provenance is not None
    assert result.provenance.line.startswith(
        "Sources : territoire : liste ARS importée le 01/12/2026 ; faits au 01/12/2026")
    assert engine.match("81004", dt.date(2027, 2, 1)).status == "authorised_had"  # Albi as before

    before_day = dt.date(2026, 12, 15)
    assert engine.match(MONTPELLIER, before_day).status == "convention_needed"
    ranking = rank_changes(engine, before_day)
    fictive = next(c for c in ranking.changes if c.key == f"authorise:{IDENT}")
    assert fictive.population == sum(reference.by_code[c].population
                                     for c in engine.catalogue.by_id[IDENT].territory)
    assert ranking.changes[0] == fictive  # 522 542 inhabitants: more than the UDSMA's

    cells = {cell.code: cell for cell in ars_map(engine, dt.date(2027, 2, 1)).communes}
    assert cells[MONTPELLIER].coverage is CoverageClass.AUTHORISED
    assert cells["34003"].coverage is CoverageClass.OUTSIDE  # Agde: not in its territory
    summary = coverage_summary(engine, dt.date(2027, 2, 1))
    assert "34" in {t.key for t in summary.departments}

    check = runner.invoke(main, ["territories", "check"])
    assert "ajouté par l'ARS : HAD FICTIVE de test (Hérault)" in check.output
    assert "[OK] Les 14 établissements du tableau 26" in check.output
    assert "[OK] Décomptes de la thèse" in check.output


def test_an_establishment_of_the_thesis_cannot_be_replaced_by_an_import(
        runner: CliRunner, settings_copy: Settings, tmp_path: Path) -> None:
    path = tmp_path / "had-ch-albi.toml"
    path.write_text(FICTITIOUS.replace(IDENT, "had-ch-albi"), encoding="utf-8")
    result = runner.invoke(main, ["territories", "import", str(path), "--yes"])
    assert result.exit_code == 2
    assert "« had-ch-albi » est un établissement de la thèse" in result.output
    assert not (settings_copy.reference.territories_dir / "ars").exists()


def test_a_malformed_establishment_file_writes_nothing(
        runner: CliRunner, settings_copy: Settings, establishment_file: Path) -> None:
    establishment_file.write_text(FICTITIOUS.replace(f'main = "{MONTPELLIER}"', 'main = "34999"'),
                                  encoding="utf-8")
    result = runner.invoke(main, ["territories", "import", str(establishment_file), "--yes"])
    assert result.exit_code == 2
    assert "code commune inconnu « 34999 »" in result.output
    assert not (settings_copy.reference.territories_dir / "ars").exists()
