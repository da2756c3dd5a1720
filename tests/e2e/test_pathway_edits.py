"""Issue 14 in a real browser: the Toulouse → Millau edit re-checks the pathway (what changes
shown, confirmed, tasks of the abandoned option « sans objet »), and a care plan whose every
« appeler » line says « numéro à renseigner » until the directory is filled, then a number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PageLog, log_in

Shot = Callable[[Page, str], Path]
DIRECTORY_CSV = (
    "kind;key;phone_24h;phone_coordination;phone;phone_on_call;verified_on;source\n"
    "had;had-ch-montauban;05 00 00 00 01;05 00 00 00 02;;;2026-11-30;essai navigateur\n"
    "hospital;Centre hospitalier de Montauban;;;05 00 00 00 03;;2026-11-30;essai navigateur\n"
    "haematology;iucto-haematology;;;05 00 00 00 04;05 00 00 00 05;2026-11-30;essai navigateur\n"
)


def new_patient(page: Page, first_name: str, commune: str) -> str:
    """Create a consenting patient living in ``commune``; the record's URL."""
    page.goto("/patients/new")
    page.fill("#last_name", "Fictif")
    page.fill("#first_name", first_name)
    page.fill("#birth_date", "1968-02-11")
    page.fill("#commune", commune)
    page.fill("#weight_kg", "70")
    page.check("#consent_had")
    page.click("form.card button[type=submit]")
    expect(page.locator("h1")).to_contain_text(f"FICTIF {first_name}")
    return page.url


def choose_first_option(page: Page) -> None:
    page.click("text=Planifier le parcours")
    page.check("#options input[value='0']")
    page.click("#options button[type=submit]")


def test_moving_from_toulouse_to_millau_re_checks_the_pathway(
    page: Page, page_log: PageLog, screenshot: Shot
) -> None:
    log_in(page, "coordinator")
    record = new_patient(page, "Noé", "Toulouse")
    choose_first_option(page)
    expect(page.locator("#option-choisie")).to_contain_text("HAD")
    start = dt.date.today() + dt.timedelta(days=10)
    page.fill("#start_date", start.isoformat())
    page.fill("#start_time", "10:00")
    page.fill("#cycles", "2")
    page.click("#form-calendrier button[type=submit]")
    expect(page.locator("#calendrier")).to_contain_text(f"à partir du {start:%d/%m/%Y}")
    tasks = page.locator("#taches")
    expect(tasks).to_contain_text("Informer le premier recours : CHU de Toulouse")

    page.goto(record)
    page.click("text=Modifier le dossier")
    page.fill("#commune", "Millau")
    page.click("form.card button[type=submit]")
    change = page.locator("#reevaluation")
    expect(change).to_contain_text("n'est plus proposée pour Millau")
    expect(change).to_contain_text("Elle sera remplacée par : Convention")
    expect(change).to_contain_text("Informer le premier recours : CHU de Toulouse")
    expect(change).to_contain_text("Informer le premier recours : Centre hospitalier de Millau")
    screenshot(page, "p14-10-toulouse-to-millau")
    page.click("text=Confirmer et enregistrer")
    expect(page.locator("dl.record").first).to_contain_text("Millau (12)")

    page.click("text=Voir le parcours")
    expect(page.locator("#option-choisie")).to_contain_text("Convention")
    toulouse = tasks.locator("tr", has_text="Informer le premier recours : CHU de Toulouse")
    expect(toulouse).to_contain_text("sans objet")
    expect(tasks).to_contain_text("Informer le premier recours : Centre hospitalier de Millau")
    expect(tasks).to_contain_text("Projet de convention à faire valider par l'ARS")
    screenshot(page, "p14-11-millau-pathway")
    assert page_log.console_errors == []
    assert page_log.external_requests == []


def call_lines(page: Page) -> list[str]:
    return page.locator("li.call").all_inner_texts()


def test_care_plan_numbers_to_fill_then_filled_from_the_directory(
    browser: Browser, page: Page, live_server: str, page_log: PageLog, screenshot: Shot
) -> None:
    log_in(page, "coordinator")
    record = new_patient(page, "Lina", "Montauban")
    choose_first_option(page)
    care_plan = record + "/pps"
    page.goto(care_plan)
    before = call_lines(page)
    assert len(before) == 4
    assert all("appeler" in line for line in before)
    assert [("numéro à renseigner" in line) for line in before] == [True, True, True, False]
    screenshot(page, "p14-12-care-plan-to-fill")

    admin = browser.new_context(base_url=live_server, locale="fr-FR").new_page()
    log_in(admin, "admin")
    admin.goto("/annuaire/")
    admin.set_input_files("#import input[type=file]", files={
        "name": "annuaire.csv", "mimeType": "text/csv", "buffer": DIRECTORY_CSV.encode()})
    admin.click("#import button[type=submit]")
    expect(admin.locator("body")).not_to_contain_text("entrée inconnue")
    admin.context.close()

    page.goto(care_plan)
    after = call_lines(page)
    assert len(after) == 4
    assert all("numéro à renseigner" not in line for line in after)
    numbers = page.locator("li.call")
    for index in range(4):
        expect(numbers.nth(index).locator(".phone").first).to_be_visible()
    assert "05 00 00 00 01" in after[0]  # the HAD, day and night
    assert "05 00 00 00 03" in after[1]  # the first-recourse hospital
    assert "05 00 00 00 04" in after[2]  # haematology, by day
    assert "05 00 00 00 05" in after[2]  # and on call
    screenshot(page, "p14-13-care-plan-filled")
    assert page_log.console_errors == []
    assert page_log.external_requests == []
