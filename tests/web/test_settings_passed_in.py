"""`create_app(settings=…)` is what the pages use: coverage rules, protocol, reference data.

Two apps built with different settings in one process each answer with their own.
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from hadcoord.config import Settings
from hadcoord.store import Pathway, Patient
from hadcoord.web import create_app
from tests.support.web import ClientAs, Sessions, login

RODEZ = "12202"  # the HAD of the Aveyron may not give chemotherapy: derogation to Albi, 76 km


def changed(settings: Settings, section: str, **values: Any) -> Settings:
    """``settings`` with some keys of one section changed."""
    return settings.model_copy(update={
        section: getattr(settings, section).model_copy(update=values)})


def coordinator_of(app_settings: Settings) -> FlaskClient:
    """A coordinator logged in to a new app over ``app_settings`` (same database)."""
    client = create_app({"TESTING": True}, settings=app_settings).test_client()
    assert login(client, "coordinator@example.fr") == 302
    return client


def add_patient(sessions: Sessions, commune_code: str, *, start: dt.datetime | None = None) -> int:
    with sessions() as session:
        patient = Patient(reference=f"P-{commune_code}", last_name="FICTIF", first_name="Lou",
                          birth_date=dt.date(1965, 3, 3), sex="F", commune_code=commune_code,
                          indication="mrd", weight_kg=68.0, consent_had=True)
        session.add(patient)
        if start is not None:
            session.add(Pathway(patient=patient, coverage_status="covered", option_kind="had",
                                had_establishment_id="had-ch-cahors", cycle1_start=start,
                                change_days="mon-thu", cycles=1))
        session.commit()
        return patient.id


def text(client: FlaskClient, url: str) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


def test_the_apps_coverage_rules_drive_the_engine_and_the_pathway_page(
        sessions: Sessions, settings: Settings, client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, RODEZ)
    strict = coordinator_of(changed(settings, "coverage", max_derogation_km=70.0))
    assert strict.get(f"/api/match?commune={RODEZ}").get_json()["status"] == "convention_needed"
    page = text(strict, f"/patients/{patient_id}/parcours")
    assert "Dérogation ARS — HAD du CH d'Albi" not in page
    assert "au-delà de la distance maximale de 70 km" in page
    # The app of the default settings, in the same process, still proposes the derogation.
    usual = client_as("coordinator")
    assert usual.get(f"/api/match?commune={RODEZ}").get_json()["status"] == "derogation_needed"
    assert "Dérogation ARS — HAD du CH d'Albi" in text(usual, f"/patients/{patient_id}/parcours")


def test_the_apps_protocol_drives_the_plan(sessions: Sessions, settings: Settings,
                                           client_as: ClientAs) -> None:
    start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=3), dt.time(10))
    patient_id = add_patient(sessions, "46042", start=start)
    slower = coordinator_of(changed(settings, "protocol", flow_rate_ml_per_h=2.0))
    bags = slower.get(f"/api/patients/{patient_id}/plan").get_json()["bags"]
    assert {bag["rate_ml_per_h"] for bag in bags} == {2.0}
    usual = client_as("coordinator").get(f"/api/patients/{patient_id}/plan").get_json()["bags"]
    assert {bag["rate_ml_per_h"] for bag in usual} == {2.5}


@pytest.fixture
def renamed_albi(tmp_path: Path, settings: Settings) -> Path:
    """A copy of territories/ where the Albi HAD has another name."""
    source = settings.reference.territories_dir
    target = tmp_path / "territories"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("communes.parquet"))
    (target / "communes" / "communes.parquet").symlink_to(source / "communes" /
                                                            "communes.parquet")
    albi = target / "establishments" / "had-ch-albi.toml"
    albi.write_text(albi.read_text(encoding="utf-8").replace(
        "HAD du CH d'Albi", "HAD d'Albi (renommée)"), encoding="utf-8")
    return target


@pytest.mark.usefixtures("app")
def test_the_apps_reference_folder_is_the_one_read(settings: Settings, renamed_albi: Path) -> None:
    client = coordinator_of(changed(settings, "reference", territories_dir=renamed_albi))
    options = client.get(f"/api/match?commune={RODEZ}").get_json()["options"]
    assert options[0]["name"] == "HAD d'Albi (renommée)"
