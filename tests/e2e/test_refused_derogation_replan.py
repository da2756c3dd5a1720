"""Issue 14 in a real browser, one coordinator's week: the ARS refuses the derogation, she
switches to the convention, writes and sends the convention draft (its state on the pathway
page), plans the calendar, the pharmacy sees its list, she moves the start — what moves shown
before it is saved — and the pharmacy's list flags the changed bags « modifié »."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PageLog, log_in

Shot = Callable[[Page, str], Path]


def new_rodez_patient(page: Page) -> str:
    """A consenting patient of Rodez (a derogation first, the convention next); the reference."""
    page.goto("/patients/new")
    page.fill("#last_name", "Fictif")
    page.fill("#first_name", "Camille")
    page.fill("#birth_date", "1970-05-14")
    page.fill("#commune", "Rodez")
    page.fill("#weight_kg", "72")
    page.check("#consent_had")
    page.click("form.card button[type=submit]")
    expect(page.locator("h1")).to_contain_text("FICTIF Camille")
    page.click("text=Planifier le parcours")
    return page.locator("h1 small").inner_text().strip("· ").strip()


def refuse_the_derogation(page: Page) -> None:
    page.check("#options input[value='0']")
    page.click("#options button[type=submit]")
    expect(page.locator("#option-choisie")).to_contain_text("Dérogation")
    letter = page.locator("#taches tr", has_text="courrier à l'ARS")
    expect(letter.locator(".letter-state")).to_have_text("à rédiger")
    page.click("#form-demande button[type=submit]")
    expect(page.locator("#etat")).to_contain_text("demande envoyée")
    page.select_option("#answer-answer", "refused")
    page.fill("#answer-reference", "ARS-OC-2026-077")
    page.fill("#answer-note", "Territoire voisin trop éloigné")
    page.click("#form-reponse button[type=submit]")


def send_the_convention_draft(page: Page) -> None:
    """Save the draft, see « brouillon » on the pathway page, then send it."""
    draft = page.locator("#taches tr", has_text="projet de convention")
    expect(draft.locator(".letter-state")).to_have_text("à rédiger")
    draft.locator("a", has_text="projet de convention").click()
    page.click("button[value=save]")
    expect(page.locator("#letter-status")).to_contain_text("brouillon, pas encore envoyé")
    page.click("text=← Parcours")
    expect(draft.locator(".letter-state")).to_have_text("brouillon (version 1)")
    draft.locator("a", has_text="projet de convention").click()
    page.fill("#sent_on", dt.date.today().isoformat())
    page.click("button[value=send]")
    expect(page.locator("#letter-status")).to_contain_text(
        f"envoyée le {dt.date.today():%d/%m/%Y}")
    page.click("text=← Parcours")
    expect(draft.locator(".letter-state")).to_have_text(
        f"envoyé le {dt.date.today():%d/%m/%Y} (version 1)")
    draft.locator("a", has_text="historique des versions (1)").click()
    expect(page.locator("#versions")).to_contain_text(
        f"Version 1 — envoyée le {dt.date.today():%d/%m/%Y}")
    page.click("text=← Parcours")


def plan_calendar(page: Page, start: dt.date) -> None:
    page.fill("#start_date", start.isoformat())
    page.fill("#start_time", "10:00")
    page.fill("#cycles", "2")
    page.click("#form-calendrier button[type=submit]")
    expect(page.locator("#calendrier")).to_contain_text(f"à partir du {start:%d/%m/%Y}")


def patient_rows(pharmacy: Page, reference: str) -> int:
    pharmacy.goto("/pharmacie/")
    return pharmacy.locator("table.preparations tr", has_text=reference).count()


def test_refused_derogation_convention_then_replan_flags_the_pharmacy_list(
    browser: Browser, page: Page, live_server: str, page_log: PageLog, screenshot: Shot
) -> None:
    log_in(page, "coordinator")
    reference = new_rodez_patient(page)
    refuse_the_derogation(page)
    expect(page.locator("#option-choisie")).to_contain_text("Convention")
    expect(page.locator("#historique")).to_contain_text("dérogation à l'ARS refusée le")
    expect(page.locator("#historique")).to_contain_text("(réf. ARS-OC-2026-077)")
    expect(page.locator("#taches")).to_contain_text("sans objet")
    send_the_convention_draft(page)
    screenshot(page, "p14-20-convention-sent")

    start = dt.date.today() + dt.timedelta(days=2)
    plan_calendar(page, start)

    pharmacy = browser.new_context(base_url=live_server, locale="fr-FR").new_page()
    log_in(pharmacy, "pharmacist")
    assert patient_rows(pharmacy, reference) > 0
    expect(pharmacy.locator("body")).not_to_contain_text("modifié")
    expect(pharmacy.locator("#modifies")).to_have_count(0)

    # Re-planned: the start moves by a day; what moves is shown before anything is saved.
    later = start + dt.timedelta(days=1)
    page.fill("#start_date", later.isoformat())
    page.click("#form-calendrier button[type=submit]")
    difference = page.locator("#difference")
    expect(difference).to_contain_text(
        f"Début du cycle 1 : {start:%d/%m/%Y} 10:00 → {later:%d/%m/%Y} 10:00")
    expect(difference).to_contain_text("Rien n'est encore enregistré")
    screenshot(page, "p14-21-replan-difference")
    page.click("text=Confirmer le nouveau calendrier")
    expect(page.locator("#calendrier")).to_contain_text(f"à partir du {later:%d/%m/%Y}")
    expect(page.locator("#difference")).to_have_count(0)

    assert patient_rows(pharmacy, reference) > 0
    expect(pharmacy.locator("#modifies")).to_contain_text(
        "modifiée(s) depuis votre dernière consultation")
    flagged = pharmacy.locator("table.preparations tr.modified", has_text=reference)
    expect(flagged.first.locator(".badge", has_text="modifié")).to_be_visible()
    screenshot(pharmacy, "p14-22-pharmacy-modified")
    # Marked as seen, the flags go.
    pharmacy.click("#modifies button[type=submit]")
    expect(pharmacy.locator("body")).to_contain_text("Modifications marquées comme vues")
    expect(pharmacy.locator("table.preparations tr.modified")).to_have_count(0)
    pharmacy.context.close()
    assert page_log.console_errors == []
    assert page_log.external_requests == []


def test_the_day_hospital_of_the_bag_changes_is_picked_from_the_directory(
    page: Page, page_log: PageLog, screenshot: Shot
) -> None:
    log_in(page, "coordinator")
    page.goto("/annuaire/")
    page.click("#ajout-hdj button[type=submit]")  # empty: refused, said next to the field
    expect(page.locator("#ajout-hdj")).to_contain_text("Indiquez le nom de l'hôpital de jour.")
    page.fill("#ajout-hdj #name", "Hôpital de jour d'essai (fictif)")
    page.fill("#ajout-hdj #address", "1 rue de l'Essai, 82000 Montauban")
    page.fill("#ajout-hdj #verified_on", "2026-11-30")
    page.fill("#ajout-hdj #source", "essai navigateur")
    page.click("#ajout-hdj button[type=submit]")
    expect(page.locator("#entrees")).to_contain_text("Hôpital de jour d'essai (fictif)")

    page.goto("/patients/new")
    page.fill("#last_name", "Fictif")
    page.fill("#first_name", "Jules")
    page.fill("#birth_date", "1966-01-20")
    page.fill("#commune", "Montauban")
    page.fill("#weight_kg", "70")
    page.check("#consent_had")
    page.click("form.card button[type=submit]")
    page.click("text=Planifier le parcours")
    page.check("#options input[value='0']")
    page.click("#options button[type=submit]")
    plan_calendar(page, dt.date.today() + dt.timedelta(days=10))
    where = page.locator("#lieu-hdj")
    expect(where).to_contain_text("Hôpital de jour d'hématologie, IUCT-Oncopole")
    page.select_option("#day_hospital", label="Hôpital de jour d'essai (fictif) — "
                                              "1 rue de l'Essai, 82000 Montauban")
    page.click("#form-hdj button[type=submit]")
    expect(where).to_contain_text(
        "Changements de poche à : Hôpital de jour d'essai (fictif), 1 rue de l'Essai")
    screenshot(page, "p14-23-day-hospital")
    page.click("text=Programme personnalisé de soins")
    expect(page.locator("body")).to_contain_text(
        "Changements de poche à l'hôpital de jour (Hôpital de jour d'essai (fictif)")
    # The refused empty entry answers 422, which Chromium logs; nothing else.
    assert [e for e in page_log.console_errors if "422 (UNPROCESSABLE ENTITY)" not in e] == []
    assert page_log.external_requests == []
