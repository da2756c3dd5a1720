"""Issue 14 in a real browser: a duplicate refused, then a derogation refused by the ARS that
moves the pathway to the convention, with its timeline and the abandoned tasks « sans objet »."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageLog, log_in

Shot = Callable[[Page, str], Path]


def fill_patient(page: Page) -> None:
    page.goto("/patients/new")
    page.fill("#last_name", "Fictif")
    page.fill("#first_name", "Sacha")
    page.fill("#birth_date", "1972-09-03")
    page.fill("#commune", "Rodez")
    page.fill("#weight_kg", "66")
    page.check("#consent_had")
    page.click("form.card button[type=submit]")


def test_duplicate_refused_then_derogation_refused_moves_to_the_convention(
    page: Page, page_log: PageLog, screenshot: Shot
) -> None:
    log_in(page, "coordinator")
    fill_patient(page)
    expect(page.locator("h1")).to_contain_text("FICTIF Sacha")
    record = page.url
    # The same person again: refused, with the way to the existing record.
    fill_patient(page)
    expect(page.locator("#duplicate")).to_contain_text("Ce patient existe déjà")
    screenshot(page, "p14-01-duplicate")
    page.click("#duplicate a")
    assert page.url == record

    page.click("text=Planifier le parcours")
    page.check("#options input[value='0']")
    page.click("#options button[type=submit]")
    state = page.locator("#etat")
    expect(state).to_contain_text("options proposées : demande à envoyer")
    page.click("#form-demande button[type=submit]")
    expect(state).to_contain_text("demande envoyée")
    page.select_option("#answer-answer", "refused")
    page.fill("#answer-reference", "ARS-OC-2026-042")
    page.fill("#answer-note", "Distance jugée trop grande")
    screenshot(page, "p14-02-answer")
    page.click("#form-reponse button[type=submit]")

    expect(page.locator("#option-choisie")).to_contain_text("Convention")
    timeline = page.locator("#historique")
    expect(timeline).to_contain_text("dérogation à l'ARS refusée le")
    expect(timeline).to_contain_text("(réf. ARS-OC-2026-042)")
    expect(timeline).to_contain_text("option suivante proposée")
    tasks = page.locator("#taches")
    expect(tasks).to_contain_text("Projet de convention à faire valider par l'ARS")
    expect(tasks).to_contain_text("sans objet")
    # The next request is the convention's.
    expect(page.locator("#request-kind")).to_have_value("convention")
    screenshot(page, "p14-03-convention")
    # The refused duplicate answers 409 (Conflict), which Chromium logs; nothing else.
    assert [e for e in page_log.console_errors if "409 (CONFLICT)" not in e] == []
    assert page_log.external_requests == []
