"""A coordinator's journey in a real browser, and the ARS refused the patient pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageLog, log_in


def test_coordinator_creates_a_patient_living_in_rodez(
    page: Page, page_log: PageLog, screenshot: Callable[[Page, str], Path]
) -> None:
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
    expect(page.locator(".record")).to_contain_text("Rodez (12) — INSEE 12202")
    screenshot(page, "02-patient-record")
    assert page_log.console_errors == []
    assert page_log.external_requests == []


def test_ars_is_refused_the_patient_pages(
    page: Page, screenshot: Callable[[Page, str], Path]
) -> None:
    log_in(page, "ars")
    expect(page.locator("header")).not_to_contain_text("Patients")
    response = page.goto("/patients/")
    assert response is not None
    assert response.status == 403
    expect(page.locator(".error-message")).to_contain_text("Accès refusé")
    screenshot(page, "03-ars-refused")
