"""The navigation per role, and the wording layer (labels, formats) handed to the templates."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask_login import current_user

from hadcoord.web import formats
from hadcoord.web.access import allowed_roles
from hadcoord.web.db import app_settings
from hadcoord.wording import labels

# Navigation entries, in order; each shows only if its view exists and the role may open it.
NAVIGATION = [
    ("dashboard.index", "Tableau de bord"),
    ("patients.index", "Patients"),
    ("alerts.index", "Surveillance"),
    ("checks.rounds", "Relevés du jour"),
    ("pharmacy.index", "Préparations"),
    ("ars.index", "Couverture"),
    ("ars.sources", "Sources des données"),
    ("activity.index", "Activité"),
    ("scenarios.index", "Scénarios"),
    ("admin.audit_trail", "Journal d'audit"),
    ("admin.users", "Comptes"),
    ("directory.index", "Annuaire"),
    ("calendar_feeds.index", "Calendriers HAD"),
    ("notifications.index", "Notifications"),
]


def nav_links() -> list[tuple[str, str]]:
    """The navigation entries open to the logged-in user."""
    if not current_user.is_authenticated:
        return []
    links = []
    for endpoint, label in NAVIGATION:
        if endpoint not in current_app.view_functions:
            continue
        roles = allowed_roles(endpoint)
        if isinstance(roles, frozenset) and current_user.role in roles:
            links.append((endpoint, label))
    return links


def _context() -> dict[str, Any]:
    return {
        "nav_links": nav_links,
        "role_label": labels.role,
        "as_role": labels.as_role,
        "action_label": labels.audit_action,
        "demo_mode": lambda: app_settings().web.demo,
    }


def init_app(app: Flask) -> None:
    """Make the labels, the formats and the navigation available to every template."""
    formats.init_app(app)
    app.context_processor(_context)
