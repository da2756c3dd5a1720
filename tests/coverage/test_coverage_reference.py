"""Reference files: rules compile to the right communes; bad files are refused with file + line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hadcoord.coverage.catalogue import load_catalogue
from hadcoord.coverage.checks import run_checks
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.rules import compile_territory
from hadcoord.coverage.toml_reader import Table, TomlFile
from hadcoord.errors import ReferenceDataError
from hadcoord.geo import CommuneReference


def _territory(tmp_path: Path, reference: CommuneReference, body: str) -> frozenset[str]:
    path = tmp_path / "t.toml"
    path.write_text("[territory]\n" + body, encoding="utf-8")
    file = TomlFile(path)
    return compile_territory(Table(file, file.data).table("territory"), reference)


def test_rules_union_minus_exclusions_then_explicit_codes(tmp_path: Path,
                                                          reference: CommuneReference) -> None:
    codes = _territory(tmp_path, reference, """
include = [{ epci = "200066223" }, { epci = "248200016", department = "82" }]
exclude = [{ arrondissement = "093" }]
include_codes = ["09122"]
exclude_codes = ["82112"]
""")
    deux_rives_82 = {c.code for c in reference.communes
                     if c.epci_code == "248200016" and c.department == "82"}
    assert codes == deux_rives_82 | {"09122"}  # Arize-Lèze lies in arrondissement 093


def test_committed_reference_passes_every_check(engine: CoverageEngine) -> None:
    report = run_checks(engine)
    assert report.ok, [item for item in report.items if not item.ok]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(message: str) -> int:
    found = re.search(r"ligne (\d+)", message)
    assert found, message
    return int(found.group(1))


def test_unknown_commune_code_in_a_territory_file_names_file_and_line(
        territories_copy: Path, reference: CommuneReference) -> None:
    path = territories_copy / "establishments" / "had-ch-albi.toml"
    _edit(path, '{ arrondissement = "811", label = "Albi" },',
          '{ arrondissement = "811", label = "Albi" },\n]\ninclude_codes = ["99999"]\nx = [')
    _edit(path, "x = [\n]", "")
    with pytest.raises(ReferenceDataError, match="code commune inconnu « 99999 »") as error:
        load_catalogue(territories_copy, reference)
    assert "had-ch-albi.toml" in str(error.value)
    expected = path.read_text(encoding="utf-8").splitlines().index('include_codes = ["99999"]')
    assert _line(str(error.value)) == expected + 1


@pytest.mark.parametrize(("old", "new", "message"), [
    ('{ epci = "200071298", label = "CC des Terres du Lauragais" }',
     '{ epci = "200099999" }', "aucune commune du référentiel"),
    ('{ epci = "200071298", label = "CC des Terres du Lauragais" }',
     '{ epci = "200071298", label = "CC du Lauragais" }', "ne correspond pas"),
    ('{ epci = "200071298", label = "CC des Terres du Lauragais" }',
     '{ epic = "200071298" }', "clé inconnue"),
    ('patients = 0', 'patients = "zéro"', "entier attendu"),
    ('structure = "private_for_profit"', 'structure = "privée"', "valeur « privée » inconnue"),
    ('main = "81065"', 'main = "81999"', "code commune inconnu « 81999 »"),
    ('id = "had-korian-pays-ovalie"', 'id = "had-ovalie"', "diffère du nom du fichier"),
    ('name = "HAD Korian Pays d\'Ovalie"', 'name = ', "TOML invalide"),
])
def test_malformed_establishment_file_is_refused(territories_copy: Path,
                                                 reference: CommuneReference, old: str,
                                                 new: str, message: str) -> None:
    path = territories_copy / "establishments" / "had-korian-pays-ovalie.toml"
    _edit(path, old, new)
    with pytest.raises(ReferenceDataError, match=message) as error:
        load_catalogue(territories_copy, reference)
    assert "had-korian-pays-ovalie.toml" in str(error.value)


def test_malformed_scenario_is_refused(territories_copy: Path,
                                       reference: CommuneReference) -> None:
    path = territories_copy / "scenarios" / "moissac-associated-montauban.toml"
    _edit(path, 'establishment = "had-chic-moissac"', 'establishment = "had-moissac"')
    with pytest.raises(ReferenceDataError, match="établissement inconnu « had-moissac »"):
        load_catalogue(territories_copy, reference)


def test_a_hole_in_the_studied_area_fails_the_check(territories_copy: Path,
                                                    reference: CommuneReference) -> None:
    path = territories_copy / "establishments" / "had-bigorre.toml"
    _edit(path, '{ department = "65", label = "Hautes-Pyrénées" },',
          '{ department = "65", label = "Hautes-Pyrénées" },\n]\nexclude_codes = ["65440"]\nx = [')
    _edit(path, "x = [\n]", "")
    report = run_checks(CoverageEngine(load_catalogue(territories_copy, reference)))
    failed = [item for item in report.items if not item.ok]
    assert "Zone étudiée couverte sans trou" in [item.title for item in failed]
    assert any("Tarbes (65440)" in d for item in failed for d in item.details)
