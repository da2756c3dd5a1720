"""A live hadcoord under waitress on a free loopback port, and signed-in HTTP sessions."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from waitress.server import create_server

from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.web import create_app
from hadcoord.web.auth_secret import generate_secret

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(database_url: str, environ: dict[str, str] | None = None) -> Iterator[str]:
    """The app on ``database_url`` served by waitress on loopback; its base URL."""
    settings = load_settings(PROJECT_ROOT / "config.toml", environ={
        "HADCOORD_DATABASE_URL": database_url, "HADCOORD_SECRET_KEY": generate_secret(),
        "HADCOORD_SECURITY_MFA_ROLES": "", **(environ or {})})
    app = create_app(settings=settings)
    port = free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=4, ident="")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        thread.join(timeout=5)
        app.extensions["hadcoord"]["engine"].dispose()


def signed_in(base_url: str, email: str, password: str) -> requests.Session:
    """An HTTP session signed in through the login form (its CSRF token included)."""
    session = requests.Session()
    page = session.get(f"{base_url}/login", timeout=10).text
    match = CSRF.search(page)
    assert match, "no CSRF token on the login page"
    answer = session.post(f"{base_url}/login", timeout=10, allow_redirects=False,
                          data={"email": email, "password": password,
                                "csrf_token": match.group(1)})
    assert answer.status_code == 302, answer.text[:300]
    return session
