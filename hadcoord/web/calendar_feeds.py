"""Per-HAD calendar feeds (issue 13): the management page and the secret-token ``.ics`` URL.

The coordinator and the admin create and revoke feeds (CSRF, audited); the URL itself opens
without sign-in (a phone's calendar cannot sign in), is rate-limited per client address like
the JSON API per user, and answers the same 404 for an unknown, malformed or revoked token.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord.clock import utc_now
from hadcoord.services import rate_limit
from hadcoord.services.calendar_feeds import (
    FeedError,
    active_feed,
    create_feed,
    feed_rows,
    fetch_feed,
    record_refused,
    revoke_feed,
)
from hadcoord.services.directory import directory
from hadcoord.store import Role
from hadcoord.web.access import allow, public
from hadcoord.web.context import engine, protocol
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.errors import MESSAGES

blueprint = Blueprint("calendar_feeds", __name__, url_prefix="/calendriers")
MANAGERS = (Role.COORDINATOR, Role.ADMIN)


def _had_names() -> dict[str, str]:
    return {ident: establishment.name
            for ident, establishment in engine().catalogue.by_id.items()}


def _page(*, issued: str | None = None, error: str | None = None,
          status: int = 200) -> ResponseReturnValue:
    names = _had_names()
    return render_template(
        "calendar_feeds/index.html", feeds=feed_rows(db_session(), names), issued=issued,
        error=error, hads=sorted(names.items(), key=lambda item: item[1]),
        form=request.form if error else {}), status


@blueprint.get("/")
@allow(*MANAGERS)
def index() -> ResponseReturnValue:
    """The feeds (HAD, label, created, last fetch, revoked) and the form to create one."""
    return _page()


@blueprint.post("/nouveau")
@allow(*MANAGERS)
def create() -> ResponseReturnValue:
    """Create a feed: its URL is shown once (only the token's hash is kept)."""
    session = db_session()
    try:
        _feed, token = create_feed(session, current_user.record, request.form.get("had", ""),
                                   request.form.get("label", ""), names=_had_names())
    except FeedError as error:
        session.rollback()
        return _page(error=f"Flux non créé : {error}.", status=422)
    return _page(issued=url_for("calendar_feeds.feed", token=token, _external=True))


@blueprint.post("/<int:feed_id>/revoquer")
@allow(*MANAGERS)
def revoke(feed_id: int) -> ResponseReturnValue:
    """Revoke a feed: its URL answers 404 from now on."""
    session = db_session()
    try:
        revoke_feed(session, current_user.record, feed_id, names=_had_names())
    except FeedError as error:
        session.rollback()
        return _page(error=f"Révocation refusée : {error}.", status=404)
    flash("Flux révoqué : son adresse ne répond plus.", "info")
    return redirect(url_for("calendar_feeds.index"))


def _too_many() -> Response | None:
    limit = app_settings().security.feed_requests_per_minute
    wait = rate_limit.hit(current_app.extensions["hadcoord"]["engine"],
                          f"feed:{request.remote_addr or ''}", limit, utc_now())
    if wait is None:
        return None
    response = Response(MESSAGES[429] + "\n", status=429, mimetype="text/plain")
    response.headers["Retry-After"] = str(wait)
    return response


@blueprint.get("/<string:token>.ics")
@public
def feed(token: str) -> ResponseReturnValue:
    """The HAD's bag changes and home checks, by patient reference (no sign-in: the token)."""
    refused = _too_many()
    if refused is not None:
        return refused
    session = db_session()
    found = active_feed(session, token)
    if found is None:
        record_refused(session)
        abort(404)
    body = fetch_feed(session, found, protocol(), names=_had_names(),
                      contacts=directory(session, app_settings().reference.territories_dir))
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": 'inline; filename="calendrier-had.ics"'})
