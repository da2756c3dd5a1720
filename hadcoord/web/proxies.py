"""The reverse proxies the app believes (``[web].trusted_proxies``, werkzeug's ProxyFix).

Behind nginx the socket's peer is the proxy: the client address (audit trail, sign-in
throttle, API rate limit), the scheme (Secure cookies, HSTS, the CSRF referrer check over
HTTPS) and the public host (FHIR links) come from the ``X-Forwarded-*`` headers the proxy sets.
Those headers are believed only from as many proxies as configured: with 0 (the default) a
client that writes ``X-Forwarded-For`` itself changes nothing.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask, hops: int) -> None:
    """Believe the ``X-Forwarded-*`` headers of ``hops`` proxies (none when 0)."""
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
