"""A red home check in a real browser: the nurse's screen, the coordinator's counter, the
dashboard's open alerts first, and acknowledging with what was done (issue 12)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from hadcoord.cli.db import upgrade_database
from hadcoord.services.accounts import create_user
from hadcoord.store import open_session
from tests.e2e.conftest import PASSWORD, PageLog, log_in, serving
from tests.support.patients import at_home_patient

Shot = Callable[[Page, str], Path]
HAD = "had-ch-montauban"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fresh database: a coordinator, a nurse of the HAD, a patient at home."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-alerts')}/e2e.sqlite3"
    upgrade_database(url)
    with open_session(url) as session:
        create_user(session, "coordinator@example.fr", "coordinator", PASSWORD, None)
        create_user(session, "had_nurse@example.fr", "had_nurse", PASSWORD, HAD)
        patient = at_home_patient(session, "P-E2E001", HAD)
        assert patient.pathway is not None
        patient.pathway.first_recourse = "CH de Montauban"
        session.commit()
    with serving(url) as base_url:
        yield base_url


def new_page(browser: Browser, live_server: str, page_log: PageLog) -> Page:
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    page = context.new_page()
    page.on("console", page_log.on_console)
    page.on("request", page_log.on_request)
    return page


def record_red_check(page: Page, screenshot: Shot) -> None:
    """The nurse's round → the form → a pulse of 150/min → the red result screen."""
    log_in(page, "had_nurse")
    page.goto("/surveillance/tournee")
    page.click("text=Saisir")
    for field, value in {"#temperature_c": "36.9", "#heart_rate": "150", "#systolic_bp": "118",
                         "#diastolic_bp": "70", "#spo2": "97", "#respiratory_rate": "18",
                         "#vasopressors": "0", "#programmed_rate_ml_h": "2.5",
                         "#volume_left_ml": "50"}.items():
        page.fill(field, value)
    page.select_option("#oxygen", "none")
    page.select_option("#pump_running", "yes")
    page.select_option("#pump_alarm", "no")
    page.select_option("#writing_test", "normal")
    page.select_option("#consciousness", "alert")
    page.select_option("#seizure", "none")
    page.fill("#free_text", "Palpitations depuis midi, patiente angoissée")
    page.click("#daily-check button[type=submit]")
    result = page.locator("#check-result")
    expect(result).to_contain_text("ROUGE")
    expect(page.locator("#what-to-do")).to_contain_text(
        "Appeler maintenant le premier recours : CH de Montauban")
    expect(result).to_contain_text("Palpitations depuis midi")
    screenshot(page, "alerts-01-nurse-red-result")


def test_red_check_counter_dashboard_acknowledge(browser: Browser, live_server: str,
                                                 screenshot: Shot) -> None:
    page_log = PageLog(live_server)
    nurse = new_page(browser, live_server, page_log)
    record_red_check(nurse, screenshot)
    coordinator = new_page(browser, live_server, page_log)
    log_in(coordinator, "coordinator")
    counter = coordinator.locator("#alert-counter")
    expect(counter.locator("[data-level=red]")).to_have_text("1")
    coordinator.click("text=Tableau de bord")
    alerts = coordinator.locator("#open-alerts")
    expect(alerts).to_contain_text("Alertes ouvertes (1)")
    expect(alerts).to_contain_text("fréquence cardiaque 150/min")
    expect(alerts).to_contain_text("Palpitations depuis midi")  # the nurse's comment
    # The open alerts come before the day's admissions and tasks.
    first_card = coordinator.locator("main section.card").first
    expect(first_card).to_have_attribute("id", "open-alerts")
    screenshot(coordinator, "alerts-02-dashboard")
    row = alerts.locator("tr.alert-row").first
    # What was done must be chosen (the browser asks first; the server refuses too).
    expect(row.locator("select[name=action]")).to_have_attribute("required", "")
    row.locator("select[name=action]").select_option("called_patient")
    row.locator("textarea[name=note]").fill("Rappelée : adressée aux urgences du CH")
    row.locator("button[type=submit]").click()
    expect(coordinator.locator(".flash").first).to_contain_text("Alerte acquittée (P-E2E001) en")
    expect(coordinator.locator("#alert-counter [data-level=red]")).to_have_text("0")
    coordinator.goto("/surveillance/")
    done = coordinator.locator("#acknowledged-alerts")
    expect(done).to_contain_text("appel du patient")
    expect(done).to_contain_text("Rappelée : adressée aux urgences du CH")
    expect(done.locator(".time-to-ack").first).to_contain_text("min")
    screenshot(coordinator, "alerts-03-acknowledged")
    assert page_log.console_errors == []
    assert page_log.external_requests == []
