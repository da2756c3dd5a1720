"""A coordinator's journey in a real browser, and the ARS refused the patient pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from hadcoord import clock
from tests.e2e.conftest import PageLog, log_in

Shot = Callable[[Page, str], Path]


def test_coordinator_creates_a_patient_living_in_rodez(
    page: Page, page_log: PageLog, screenshot: Shot
) -> None:
    create_patient_in_rodez(page, screenshot)
    choose_the_derogation(page, screenshot)
    plan_the_calendar(page, screenshot)
    # The care plan for the patient.
    page.click("text=Programme personnalisé de soins")
    plan = page.locator(".care-plan")
    expect(plan).to_contain_text("HAD du CH d'Albi")
    expect(plan).to_contain_text("Ne jamais rincer la ligne de perfusion")
    expect(plan).to_contain_text("Centre hospitalier de Rodez")
    screenshot(page, "07-care-plan")
    assert page_log.console_errors == []
    assert page_log.external_requests == []


def create_patient_in_rodez(page: Page, screenshot: Shot) -> None:
    log_in(page, "coordinator")
    expect(page.locator("header")).to_contain_text("infirmière de coordination")
    page.click("text=Patients")
    page.click("text=Nouveau patient")
    page.fill("#last_name", "Fictif")
    page.fill("#first_name", "Dominique")
    page.fill("#birth_date", "1958-06-21")
    page.fill("#commune", "rodez")
    # The search box proposes the commune; choosing it fills the INSEE code.
    option = page.locator("#commune-suggestions option").first
    expect(option).to_have_attribute("value", "Rodez — 12000 — INSEE 12202", timeout=5000)
    page.fill("#commune", "Rodez — 12000 — INSEE 12202")
    expect(page.locator("#commune_code")).to_have_value("12202")
    page.fill("#weight_kg", "71")
    page.check("#consent_had")
    screenshot(page, "01-patient-form")
    page.click("form.card button[type=submit]")
    expect(page.locator("h1")).to_contain_text("FICTIF Dominique")
    expect(page.locator(".record").first).to_contain_text("Rodez (12) — INSEE 12202")
    screenshot(page, "02-patient-record")


def choose_the_derogation(page: Page, screenshot: Shot) -> None:
    # The commune's coverage: the Aveyron HAD may not give chemotherapy → derogation options.
    page.click("text=Planifier le parcours")
    expect(page.locator("#couverture")).to_contain_text("dérogation ARS nécessaire")
    options = page.locator("#options")
    expect(options).to_contain_text("Dérogation ARS — HAD du CH d'Albi")
    expect(options).to_contain_text("Convention")
    screenshot(page, "03-derogation-options")
    page.check("#options input[value='0']")
    page.click("#options button[type=submit]")

    # The choice creates its tasks, with the ARS letter.
    tasks = page.locator("#taches")
    expect(tasks).to_contain_text("Demande de dérogation à l'ARS pour l'HAD du CH d'Albi")
    expect(tasks).to_contain_text("Informer le premier recours : Centre hospitalier de Rodez")
    screenshot(page, "04-tasks")
    page.click("text=courrier à l'ARS")
    expect(page.locator(".letter")).to_contain_text("R.1435-41")
    screenshot(page, "05-ars-letter")
    page.go_back()


def plan_the_calendar(page: Page, screenshot: Shot) -> None:
    # The calendar from the cycle-1 start and the change-day pair.
    start = clock.today() + timedelta(days=14)
    page.fill("#start_date", start.isoformat())
    page.fill("#start_time", "10:00")
    page.select_option("#change_days", "mon-thu")
    page.fill("#cycles", "2")
    page.click("#calendrier button[type=submit]")
    calendar = page.locator("#calendrier")
    expect(calendar).to_contain_text("Hôpital de jour 10:00 : changement de poche")
    expect(calendar).to_contain_text("Entrée à l'IUCT-O 10:00 (cycle 1)")
    expect(page.locator("a", has_text="Télécharger le calendrier (.ics)")).to_be_visible()
    screenshot(page, "06-calendar")


def test_ars_is_refused_the_patient_pages(page: Page, screenshot: Shot) -> None:
    log_in(page, "ars")
    expect(page.locator("header")).not_to_contain_text("Patients")
    for path in ("/patients/", "/patients/1", "/patients/1/parcours", "/patients/1/pps",
                 "/tableau-de-bord"):
        response = page.goto(path)
        assert response is not None
        assert response.status == 403, path
        expect(page.locator(".error-message")).to_contain_text("Accès refusé")
        expect(page.locator("main")).not_to_contain_text("FICTIF")
    screenshot(page, "08-ars-refused")
    page.click("text=Couverture")
    expect(page.locator("h1")).to_contain_text("Couverture")
    screenshot(page, "09-ars-coverage")
