"""What the web app does not redo: compressed responses, cached static files and documents.

- JSON, CSS, JS, CSV and the map documents over ``COMPRESS_MIN_SIZE`` bytes are compressed
  (flask-compress: brotli or gzip, as the browser accepts). The other HTML pages are not:
  each carries the session's CSRF token next to what the user typed (search boxes, forms sent
  back with their errors), the pattern of the BREACH attack on compressed TLS responses
  (OWASP ASVS 4.0 level 2 asks for no secret that compression can leak).
- Static files are linked with a fingerprint of their content (``?v=…``): such a URL is
  cached for a year (immutable); the same file without its fingerprint is revalidated.
- The ARS map (no patient data) is revalidated by its ETag instead of being sent again;
  every page with patient data keeps ``Cache-Control: no-store`` (``errors.SECURITY_HEADERS``).
- The coverage summary of ``/ars/`` and the pathway map document are cached per day and
  scenario (and commune): they depend on nothing else that changes while the app runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, Request, Response, current_app, request
from flask_compress import Compress

from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.summary import CoverageSummary, coverage_summary

YEAR_S = 365 * 24 * 3600
COMPRESSED = ["text/html", "application/json", "text/css", "text/javascript",
              "application/javascript", "text/csv", "image/svg+xml"]
# Below this size compressing costs more than it saves (one TCP segment).
MIN_SIZE = 1400
CACHED_ENDPOINTS = frozenset({"maps.ars"})  # documents whose compressed body is kept
# HTML documents without a form, hence without the CSRF token: compressed (BREACH, above).
COMPRESSED_HTML_ENDPOINTS = frozenset({"maps.ars", "maps.pathway"})


class _TokenSafeCompress(Compress):
    """flask-compress, leaving alone the HTML pages that carry the CSRF token."""

    def after_request(self, response: Response | None) -> Response:
        """Compress the response unless it is an HTML page with a form."""
        if (response is not None and response.mimetype == "text/html"
                and request.endpoint not in COMPRESSED_HTML_ENDPOINTS):
            return response
        compressed: Response = super().after_request(response)
        return compressed


_compress = _TokenSafeCompress()


class _CompressedDocuments:
    """flask-compress's cache, for the ARS map only (the same bytes for every user).

    Any other response gets an empty key and is neither stored nor looked up: nothing with
    patient data is ever kept.
    """

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._items: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        """The compressed body stored under ``key``."""
        return None if key.endswith(";") else self._items.get(key)

    def set(self, key: str, value: bytes) -> None:
        """Keep ``value`` (the oldest entry goes beyond ``size``)."""
        if key.endswith(";"):
            return
        self._items[key] = value
        while len(self._items) > self._size:
            del self._items[next(iter(self._items))]


def _cache_key(req: Request) -> str:
    """The ARS map by app and URL (its nonce is the app's); "" (not cached) for the rest."""
    if req.endpoint not in CACHED_ENDPOINTS:
        return ""
    return f"{id(current_app._get_current_object())}:{req.full_path}"  # type: ignore[attr-defined]


@lru_cache(maxsize=256)
def _fingerprint(folder: str, filename: str) -> str:
    """The first 12 hex digits of the SHA-256 of a static file ("" when it does not exist)."""
    path = Path(folder) / filename
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return ""


def _static_fingerprint(endpoint: str, values: dict[str, object]) -> None:
    """``url_for('static', filename=…)`` carries the file's fingerprint."""
    if endpoint != "static" or "filename" not in values or "v" in values:
        return
    folder = current_app.static_folder
    version = _fingerprint(folder, str(values["filename"])) if folder else ""
    if version:
        values["v"] = version


def _static_max_age(filename: str | None) -> int | None:
    """A year for a fingerprinted URL of the file's current content; else revalidate."""
    folder = current_app.static_folder
    if filename and folder and request.args.get("v") == _fingerprint(folder, filename):
        return YEAR_S
    return None


def _immutable(response: Response) -> Response:
    if request.endpoint == "static" and response.cache_control.max_age == YEAR_S:
        response.cache_control.immutable = True
    return response


def init_app(app: Flask) -> None:
    """Compression, fingerprinted static URLs and their cache lifetime."""
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED)
    app.config.setdefault("COMPRESS_MIN_SIZE", MIN_SIZE)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    # The 1.3 MB ARS map was compressed again for every view: its compressed bytes are kept.
    app.config.setdefault("COMPRESS_CACHE_BACKEND", _CompressedDocuments)
    app.config.setdefault("COMPRESS_CACHE_KEY", _cache_key)
    _compress.init_app(app)
    app.url_defaults(_static_fingerprint)
    app.get_send_file_max_age = _static_max_age  # type: ignore[method-assign]
    app.after_request(_immutable)


def revalidated(response: Response, etag: str) -> Response:
    """``response`` cached by the browser but revalidated by its ETag (no patient data).

    A request whose ``If-None-Match`` names the same ETag gets 304 without the body.
    """
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    response.make_conditional(request)  # in place: 304 and no body on a matching ETag
    return response


@lru_cache(maxsize=64)
def cached_summary(engine: CoverageEngine, day: dt.date, scenario: str | None
                   ) -> CoverageSummary:
    """The coverage summary of ``day`` under ``scenario``: the core is pure, computed once."""
    return coverage_summary(engine, day, scenario)
