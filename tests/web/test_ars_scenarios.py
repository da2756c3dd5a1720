"""The ARS's scenario editor in the browser (issue 18): roles, errors, save, compare, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.coverage.comparison import compare, evaluate
from hadcoord.coverage.defaults import default_engine
from hadcoord.coverage.desk import Draft, Edit, EditKind, to_scenario
from hadcoord.coverage.model import Basis
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.results import MatchStatus, OptionKind
from hadcoord.coverage.scenarios import read_scenario
from hadcoord.store import AuditEvent, Pathway, Patient, SavedScenario
from hadcoord.vocabulary import PathwayState
from hadcoord.wording.formats import signed
from tests.support.web import ClientAs, Sessions, csrf_token, page_text

GERS = "had-croix-rouge-gers"
DAY = "2026-01-15"
AUTHORISE_GERS = {"kind": "authorise", "establishment": GERS, "basis": "associated",
                  "partner": "CH d'Auch"}


@pytest.fixture(scope="module")
def engine() -> CoverageEngine:
    """The app's coverage engine over the committed reference."""
    return default_engine(load_settings(PROJECT_ROOT / "config.toml", environ={}))


def _plain(text: str) -> str:
    """The page's text without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def _form(client: FlaskClient, url: str = "/ars/scenarios/nouveau") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return csrf_token(response.get_data(as_text=True))


def _post(client: FlaskClient, token: str, url: str = "/ars/scenarios/nouveau",
          **fields: str) -> tuple[int, str]:
    data = {"csrf_token": token, "title": "Gers autorisé", "description": "", "date": DAY,
            "changes": "[]", **fields}
    response = client.post(url, data=data)
    return response.status_code, page_text(response)


def _expected(engine: CoverageEngine, *edits: Edit) -> str:
    draft = Draft("x", "", dt.date.fromisoformat(DAY), edits)
    scenario = to_scenario(draft, engine.catalogue)
    day = draft.day
    return compare(evaluate(engine, day, None), evaluate(engine, day, scenario), engine).headline


def test_ars_adds_a_change_and_sees_the_gain_without_saving(
        client_as: ClientAs, sessions: Sessions, engine: CoverageEngine) -> None:
    client = client_as("ars")
    token = _form(client)
    status, text = _post(client, token, action="add_authorise",
                         authorise_establishment=GERS, authorise_basis="associated",
                         authorise_partner="CH d'Auch")
    assert status == 200
    headline = _expected(engine, Edit(EditKind.AUTHORISE, GERS, Basis.ASSOCIATED, "CH d'Auch"))
    assert headline in text
    assert "32 — Gers" in text
    assert "Parcours en cours dont le statut changerait : 0 " in _plain(text)
    assert "/ars/scenarios/carte?" in text
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(SavedScenario)) == 0


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"action": "add_authorise", "authorise_establishment": GERS, "authorise_basis": "associated",
      "authorise_partner": ""}, "authorise_partner", "Indiquez le centre autorisé"),
    ({"action": "add_authorise", "authorise_establishment": "", "authorise_basis": "associated",
      "authorise_partner": "X"}, "authorise_establishment", "Choisissez un établissement"),
    ({"action": "add_withdraw", "withdraw_establishment": GERS}, "withdraw_establishment",
     "n'est pas autorisée"),
    ({"action": "add_territory", "territory_establishment": GERS, "territory_epci": "",
      "territory_commune": ""}, "territory_epci", "un EPCI ou des communes"),
    ({"action": "add_territory", "territory_establishment": GERS,
      "territory_commune": "Montpellier"}, "territory_communes", "hors de la zone étudiée"),
    ({"action": "add_territory", "territory_establishment": GERS,
      "territory_commune": "Zzzzqx"}, "territory_communes", "Commune inconnue"),
    ({"action": "add_merge", "merge_establishment": GERS, "merge_into": GERS}, "merge_into",
     "une autre HAD"),
    ({"action": "save", "title": "", "changes": json.dumps([AUTHORISE_GERS])}, "title",
     "Donnez un nom au scénario"),
    ({"action": "save"}, "changes", "Ajoutez au moins un changement"),
    ({"action": "save", "date": "15/01/2026"}, "date", "Date invalide"),
    ({"action": "save", "changes": "{pas du json"}, "changes", "illisibles"),
    ({"action": "save", "changes": json.dumps([{"kind": "teleport"}])}, "changes",
     "Changement illisible"),
])
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
        client_as: ClientAs, sessions: Sessions, fields: dict[str, str], field: str,
        message: str) -> None:
    client = client_as("ars")
    status, text = _post(client, _form(client), **fields)
    assert status == 400
    error = text.split(f'id="error-{field}">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert "rien n'a été enregistré" in text
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(SavedScenario)) == 0


def _save(client: FlaskClient, title: str = "Gers autorisé",
          changes: list[dict[str, Any]] | None = None) -> int:
    token = _form(client)
    response = client.post("/ars/scenarios/nouveau", data={
        "csrf_token": token, "title": title, "description": "Essai", "date": DAY,
        "changes": json.dumps(changes or [AUTHORISE_GERS]), "action": "save"})
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_save_lists_edits_and_deletes_each_audited(client_as: ClientAs, sessions: Sessions,
                                                   engine: CoverageEngine) -> None:
    client = client_as("ars")
    ident = _save(client)
    listing = page_text(client.get("/ars/scenarios/"))
    headline = _expected(engine, Edit(EditKind.AUTHORISE, GERS, Basis.ASSOCIATED, "CH d'Auch"))
    assert "Gers autorisé" in listing
    assert "ars@example.fr" in listing
    assert headline in listing
    shown = page_text(client.get(f"/ars/scenarios/{ident}"))
    assert "Autoriser la chimiothérapie à domicile : HAD Croix-Rouge" in shown
    token = csrf_token(shown)
    response = client.post(f"/ars/scenarios/{ident}", data={
        "csrf_token": token, "title": "Gers autorisé (bis)", "description": "", "date": DAY,
        "changes": json.dumps([AUTHORISE_GERS]), "action": "save"})
    assert response.status_code == 302
    response = client.post(f"/ars/scenarios/{ident}/supprimer", data={"csrf_token": token})
    assert response.status_code == 302
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(SavedScenario)) == 0
        actions = [(e.action, e.target) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.target == f"scénario {ident}")
            .order_by(AuditEvent.seq))]
    assert actions == [("create", f"scénario {ident}"), ("update", f"scénario {ident}"),
                       ("delete", f"scénario {ident}")]


def test_post_without_csrf_token_is_refused(client_as: ClientAs, sessions: Sessions) -> None:
    response = client_as("ars").post("/ars/scenarios/nouveau", data={
        "title": "x", "date": DAY, "changes": "[]", "action": "save"})
    assert response.status_code == 400
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(SavedScenario)) == 0


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinator_and_admin_read_but_cannot_change(client_as: ClientAs, sessions: Sessions,
                                                      role: str) -> None:
    """Read-only as on the other ARS pages; a POST is refused (403) and changes nothing."""
    ident = _save(client_as("ars"))
    client = client_as(role)
    listing = client.get("/ars/scenarios/")
    assert listing.status_code == 200
    assert "Nouveau scénario" not in page_text(listing)
    shown = client.get(f"/ars/scenarios/{ident}")
    assert shown.status_code == 200
    assert "Lecture seule" in page_text(shown)
    assert client.get("/ars/scenarios/nouveau").status_code == 403
    token = csrf_token(listing.get_data(as_text=True))  # the logout form's
    for url in ("/ars/scenarios/nouveau", f"/ars/scenarios/{ident}",
                f"/ars/scenarios/{ident}/supprimer"):
        response = client.post(url, data={"csrf_token": token, "title": "x", "date": DAY,
                                          "changes": "[]", "action": "save"})
        assert response.status_code == 403, url
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(SavedScenario)) == 1


@pytest.mark.parametrize("role", ["pharmacist", "had_nurse"])
def test_pharmacist_and_nurse_are_denied(client_as: ClientAs, role: str) -> None:
    client = client_as(role)
    for url in ("/ars/scenarios/", "/ars/scenarios/nouveau", "/ars/scenarios/comparer",
                f"/ars/scenarios/carte?date={DAY}&changes=[]"):
        assert client.get(url).status_code == 403, url


def test_export_toml_round_trips_through_the_reference_loader(
        client_as: ClientAs, tmp_path: Path, engine: CoverageEngine) -> None:
    changes: list[dict[str, Any]] = [AUTHORISE_GERS,
               {"kind": "extend", "establishment": "had-ch-albi", "communes": ["81065"]},
               {"kind": "merge", "establishment": "had-chic-moissac",
                "into": "had-ch-montauban"},
               {"kind": "withdraw", "establishment": "had-ch-cahors"}]
    client = client_as("ars")
    ident = _save(client, "Quatre changements", changes)
    response = client.get(f"/ars/scenarios/{ident}/scenario.toml")
    assert response.status_code == 200
    assert 'filename="quatre-changements.toml"' in response.headers["Content-Disposition"]
    path = tmp_path / "quatre-changements.toml"
    path.write_bytes(response.get_data())
    loaded = read_scenario(path, set(engine.catalogue.by_id), engine.catalogue.reference.by_code)
    day = dt.date.fromisoformat(DAY)
    draft = Draft("Quatre changements", "Essai", day,
                  tuple(Edit.from_json(c) for c in changes))
    assert evaluate(engine, day, loaded).statuses == evaluate(
        engine, day, to_scenario(draft, engine.catalogue)).statuses
    assert loaded.title == "Quatre changements"


def test_csv_lists_the_communes_that_change_status(client_as: ClientAs,
                                                   engine: CoverageEngine) -> None:
    client = client_as("ars")
    ident = _save(client)
    response = client.get(f"/ars/scenarios/{ident}/communes.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["code_insee", "commune", "departement", "population", "statut_avant",
                       "statut_apres"]
    auch = next(r for r in rows if r[0] == "32013")
    assert auch[1] == "Auch"
    assert auch[5] == "HAD autorisée"
    assert auch[4] != auch[5]
    assert all(r[3].isdigit() for r in rows[1:])
    headline = _expected(engine, Edit(EditKind.AUTHORISE, GERS, Basis.ASSOCIATED, "CH d'Auch"))
    assert f"(+{len(rows) - 1} communes)" in headline.replace("\u202f", " ")


def test_compare_with_today_and_two_scenarios(client_as: ClientAs, engine: CoverageEngine) -> None:
    client = client_as("ars")
    gers = _save(client)
    moissac = _save(client, "Moissac associé", [{
        "kind": "authorise", "establishment": "had-chic-moissac", "basis": "associated",
        "partner": "CH de Montauban"}])
    response = client.get(f"/ars/scenarios/comparer?a=aujourdhui&b={gers}")
    assert response.status_code == 200
    text = page_text(response)
    assert "Situation actuelle" in text
    headline = _expected(engine, Edit(EditKind.AUTHORISE, GERS, Basis.ASSOCIATED, "CH d'Auch"))
    assert headline in text
    both = page_text(client.get(f"/ars/scenarios/comparer?a={moissac}&b={gers}"))
    assert "Moissac associé" in both
    assert "Gers autorisé" in both
    assert "par rapport à « Moissac associé »" in both
    assert client.get("/ars/scenarios/comparer?a=abc&b=1").status_code == 400
    assert client.get("/ars/scenarios/comparer?b=999").status_code == 404


def test_pathways_in_progress_changing_status_are_counted_not_named(
        client_as: ClientAs, sessions: Sessions) -> None:
    with sessions() as session:
        for number, (code, state) in enumerate([("32013", PathwayState.AT_HOME),
                                                ("32013", PathwayState.ENDED),
                                                ("31555", PathwayState.AT_HOME)]):
            patient = Patient(reference=f"REF{number}", last_name=f"NOMSECRET{number}",
                              first_name="Jeanne", birth_date=dt.date(1970, 1, 1), sex="F",
                              commune_code=code, indication="mrd", weight_kg=60.0)
            session.add(patient)
            session.flush()
            session.add(Pathway(patient_id=patient.id,
                                coverage_status=MatchStatus.CONVENTION_NEEDED,
                                option_kind=OptionKind.CONVENTION, state=state))
        session.commit()
    client = client_as("ars")
    status, text = _post(client, _form(client), action="refresh",
                         changes=json.dumps([AUTHORISE_GERS]))
    assert status == 200
    assert "Parcours en cours dont le statut changerait : 1 " in _plain(text)
    assert "NOMSECRET" not in text
    assert "REF0" not in text


def test_map_of_a_draft_and_its_bad_input(client_as: ClientAs) -> None:
    client = client_as("ars")
    changes = json.dumps([AUTHORISE_GERS])
    response = client.get(f"/ars/scenarios/carte?date={DAY}&changes={changes}"
                          "&title=<b>Gers</b> autorisé")
    assert response.status_code == 200
    document = response.get_data(as_text=True)
    assert "Couvertes grâce au scénario" in document
    assert "&lt;b&gt;Gers&lt;/b&gt; autorisé" in document
    assert "<b>Gers</b>" not in document
    assert "nonce-" in response.headers["Content-Security-Policy"]
    bad = client.get(f"/ars/scenarios/carte?date={DAY}&changes=" + json.dumps(
        [{"kind": "authorise", "establishment": "had-ch-montauban", "basis": "attached",
          "partner": "x"}]))
    assert bad.status_code == 400
    assert "déjà autorisée" in bad.get_data(as_text=True)
    assert client.get("/ars/scenarios/carte?date=hier&changes=[]").status_code == 400


def test_signed_headline_uses_french_grouping() -> None:
    assert signed(175464).startswith("+175")
