"""The ARS's scenario editor in headless Chromium: authorise an HAD, see the gain, save, compare."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from hadcoord.clock import today
from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.coverage.comparison import compare, evaluate
from hadcoord.coverage.defaults import default_engine
from hadcoord.coverage.desk import Draft, Edit, EditKind, to_scenario
from hadcoord.coverage.model import Basis

Shot = Callable[[Page, str], Path]
GERS = "had-croix-rouge-gers"


def _headline() -> str:
    engine = default_engine(load_settings(PROJECT_ROOT / "config.toml", environ={}))
    day: dt.date = today()
    draft = Draft("x", "", day, (Edit(EditKind.AUTHORISE, GERS, Basis.ASSOCIATED, "CH d'Auch"),))
    scenario = to_scenario(draft, engine.catalogue)
    return compare(evaluate(engine, day, None), evaluate(engine, day, scenario), engine).headline


def test_ars_authorises_an_had_saves_and_compares_with_today(
        browser: Browser, demo_server: tuple[str, dict[str, str]], screenshot: Shot) -> None:
    base_url, logins = demo_server
    context = browser.new_context(base_url=base_url, locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    email, password = logins["ars"].split("\n")
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{base_url}/**")

    page.get_by_role("link", name="Scénarios").click()
    page.get_by_role("link", name="Nouveau scénario").click()
    page.fill("#title", "Gers autorisé par association")
    page.select_option("#authorise_establishment", GERS)
    page.select_option("#authorise_basis", "associated")
    page.fill("#authorise_partner", "CH d'Auch")
    page.click("button[name=action][value=add_authorise]")

    headline = _headline()
    expect(page.locator("#headline")).to_contain_text(headline)
    expect(page.locator("#headline")).to_contain_text(re.compile(r"^\+\S"))
    expect(page.locator("#changes")).to_contain_text("Autoriser la chimiothérapie à domicile")
    map_frame = page.frame_locator("#carte iframe")
    expect(map_frame.locator(".leaflet-overlay-pane canvas")).to_be_visible(timeout=30000)
    screenshot(page, "scenario-editor")

    page.click("button[name=action][value=save]")
    expect(page.locator(".flash")).to_contain_text("enregistré")
    page.get_by_role("link", name="← Scénarios").click()
    row = page.locator("#scenarios tbody tr", has_text="Gers autorisé par association")
    expect(row).to_have_count(1)
    expect(row.locator(".headline")).to_have_text(headline)

    row.get_by_role("link", name="Comparer à aujourd'hui").click()
    expect(page.locator("h1")).to_contain_text("Situation actuelle")
    expect(page.locator("#result #headline")).to_contain_text(headline)
    expect(page.locator("#side-1 h2")).to_have_text("Situation actuelle")
    expect(page.locator("#side-2 h2")).to_have_text("Gers autorisé par association")
    screenshot(page, "scenario-compare")
    assert errors == []
    context.close()
