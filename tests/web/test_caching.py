"""Responses that cost what they must (issue 19): compressed over a threshold, static files
cached a year by fingerprint, the ARS map revalidated by ETag, pages with patient data never
stored, and the ARS summary and pathway map computed once per day, scenario and commune."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hadcoord.clock import FrozenClock
from hadcoord.web import caching, maps
from tests.support.patients import at_home_patient
from tests.support.web import NURSE_HAD, ClientAs, Sessions

GZIP = {"Accept-Encoding": "gzip"}
ARS_MAP = "/ars/carte?date=2018-09-03"


def test_pages_with_patient_data_are_compressed_and_never_stored(
        frozen_clock: FrozenClock, sessions: Sessions, client_as: ClientAs) -> None:
    with sessions() as session:
        patient = at_home_patient(session, "P-GZIP01", NURSE_HAD)
        session.commit()
        patient_id = patient.id
    coordinator = client_as("coordinator")
    for url in (f"/patients/{patient_id}/parcours/carte", "/api/communes?q=saint&limit=50"):
        response = coordinator.get(url, headers=GZIP)
        assert response.status_code == 200, url
        assert response.headers.get("Content-Encoding") == "gzip", url
        assert "Accept-Encoding" in response.headers.get("Vary", ""), url
        assert response.headers["Cache-Control"] == "no-store", url
        assert gzip.decompress(response.get_data())  # a real gzip body
    plain = coordinator.get("/api/communes?q=saint&limit=50")
    assert "Content-Encoding" not in plain.headers  # only for browsers that ask


def test_pages_with_the_csrf_token_are_never_compressed(
        frozen_clock: FrozenClock, sessions: Sessions, client_as: ClientAs) -> None:
    # BREACH: a compressed TLS response that carries a secret (the CSRF token of the logout
    # form) beside reflected input (the list's search box) leaks the secret by its length.
    with sessions() as session:
        patient = at_home_patient(session, "P-GZIP02", NURSE_HAD)
        session.commit()
        patient_id = patient.id
    coordinator = client_as("coordinator")
    for url in ("/patients/?q=csrf_token", f"/patients/{patient_id}", "/tableau-de-bord"):
        response = coordinator.get(url, headers=GZIP, follow_redirects=True)
        assert response.status_code == 200, url
        assert 'name="csrf_token"' in response.get_data(as_text=True), url
        assert "Content-Encoding" not in response.headers, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_small_responses_are_sent_as_they_are(client_as: ClientAs) -> None:
    response = client_as("coordinator").get("/healthz", headers=GZIP)
    assert "Content-Encoding" not in response.headers


def test_static_files_are_fingerprinted_and_cached_a_year(app: Flask,
                                                          client_as: ClientAs) -> None:
    page = client_as("coordinator").get("/patients/").get_data(as_text=True)
    link = re.search(r'href="(/static/hadcoord\.css\?v=[0-9a-f]{12})"', page)
    assert link, "the stylesheet is linked by its fingerprint"
    client = app.test_client()
    with client.get(link.group(1)) as cached:
        assert cached.status_code == 200
        assert cached.cache_control.max_age == 365 * 24 * 3600
        assert cached.cache_control.immutable
    with client.get("/static/hadcoord.css?v=000000000000") as stale:  # an old fingerprint
        assert stale.cache_control.max_age is None
        assert stale.cache_control.no_cache
    with client.get("/static/hadcoord.css") as unversioned:
        assert unversioned.cache_control.max_age is None


def test_the_ars_map_is_compressed_and_revalidated(client_as: ClientAs) -> None:
    ars = client_as("ars")
    first = ars.get(ARS_MAP, headers=GZIP)
    assert first.status_code == 200
    assert first.headers["Content-Encoding"] == "gzip"
    assert "no-store" not in first.headers["Cache-Control"]
    assert "no-cache" in first.headers["Cache-Control"]  # revalidated at every view
    assert "private" in first.headers["Cache-Control"]
    raw = gzip.decompress(first.get_data())
    assert len(first.get_data()) < len(raw) / 2
    etag = first.headers["ETag"]
    again = ars.get(ARS_MAP, headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    # The cached copy keeps matching its policy: the same document has the same nonce.
    nonce = re.search(r"'nonce-([^']+)'", first.headers["Content-Security-Policy"])
    assert nonce
    assert f'nonce="{nonce.group(1)}"' in raw.decode()
    other_day = ars.get("/ars/carte?date=2017-01-15")
    assert other_day.headers["ETag"] != etag


def test_the_pathway_map_keeps_a_new_nonce_per_response(
        frozen_clock: FrozenClock, sessions: Sessions, client_as: ClientAs) -> None:
    with sessions() as session:
        patient_id = at_home_patient(session, "P-NONCE1", NURSE_HAD).id
        session.commit()
    coordinator = client_as("coordinator")
    url = f"/patients/{patient_id}/parcours/carte"
    first = coordinator.get(url).headers["Content-Security-Policy"]
    assert coordinator.get(url).headers["Content-Security-Policy"] != first


def counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[Any]:
    """Replace ``module.name`` by a wrapper recording each call's arguments."""
    calls: list[Any] = []
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_the_ars_summary_is_computed_once_per_day_and_scenario(
        monkeypatch: pytest.MonkeyPatch, client_as: Callable[[str], FlaskClient]) -> None:
    caching.cached_summary.cache_clear()
    calls = counting(monkeypatch, caching, "coverage_summary")
    ars = client_as("ars")
    url = "/ars/?date=2018-09-03&scenario=croix-rouge-gers-to-pasteur"
    # The only part that changes per response: the CSRF token's value (it carries a timestamp).
    token = re.compile(r'(name="csrf_token"[^>]*?value=)"[^"]+"')
    page = ars.get(url).get_data(as_text=True)
    assert token.search(page)  # the pattern blanks the token (it once blanked « value= »)
    first = token.sub(r"\1", page)
    assert token.sub(r"\1", ars.get(url).get_data(as_text=True)) == first
    assert len(calls) == 2  # the scenario and the situation without it, once each
    ars.get("/ars/?date=2018-09-03")
    assert len(calls) == 2  # the situation without a scenario was already known


def test_the_pathway_map_is_drawn_once_per_commune_and_day(
        monkeypatch: pytest.MonkeyPatch, frozen_clock: FrozenClock, sessions: Sessions,
        client_as: ClientAs) -> None:
    maps._pathway_html.cache_clear()
    calls = counting(monkeypatch, maps, "render_pathway_map")
    with sessions() as session:
        ids = [at_home_patient(session, f"P-MAP0{n}", NURSE_HAD).id for n in range(2)]
        session.commit()
    coordinator = client_as("coordinator")
    for patient_id in (*ids, *ids):  # two patients of the same commune, twice each
        assert coordinator.get(f"/patients/{patient_id}/parcours/carte").status_code == 200
    assert len(calls) == 1


def test_only_the_ars_map_keeps_its_compressed_bytes(
        frozen_clock: FrozenClock, sessions: Sessions, client_as: ClientAs) -> None:
    with sessions() as session:
        patient_id = at_home_patient(session, "P-KEEP01", NURSE_HAD).id
        session.commit()
    coordinator = client_as("coordinator")
    for url in (f"/patients/{patient_id}/parcours/carte", f"/api/patients/{patient_id}/plan",
                ARS_MAP, ARS_MAP):
        assert coordinator.get(url, headers=GZIP).headers["Content-Encoding"] == "gzip", url
    kept = caching._compress.cache
    assert isinstance(kept, caching._CompressedDocuments)
    assert [key.split(":", 1)[1] for key in kept._items] == [ARS_MAP]  # no patient page
