"""The French labels of the interface, in one catalogue, and the navigation per role."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask_login import current_user

from hadcoord.web.access import allowed_roles
from hadcoord.web.db import app_settings

ROLE_LABELS = {
    "coordinator": "infirmière de coordination",
    "pharmacist": "pharmacie (PUI)",
    "had_nurse": "infirmier·e HAD",
    "ars": "ARS",
    "admin": "administration",
}
ACTION_LABELS = {
    "login": "connexion",
    "login_failed": "échec de connexion",
    "read": "lecture",
    "create": "création",
    "update": "modification",
    "export": "export",
    "read_denied": "lecture refusée",
    "login_locked": "connexion bloquée",
    "mfa_failed": "échec du second facteur",
    "mfa_enrolled": "second facteur activé",
    "mfa_reset": "second facteur réinitialisé",
    "password_changed": "mot de passe changé",
    "password_issued": "mot de passe provisoire",
    "account_created": "compte créé",
    "account_activated": "compte réactivé",
    "account_deactivated": "compte désactivé",
    "account_role": "rôle modifié",
    "sessions_ended": "sessions fermées",
}
# Navigation entries, in order; each shows only if its view exists and the role may open it.
NAVIGATION = [
    ("dashboard.index", "Tableau de bord"),
    ("patients.index", "Patients"),
    ("alerts.index", "Surveillance"),
    ("checks.rounds", "Relevés du jour"),
    ("pharmacy.index", "Préparations"),
    ("ars.index", "Couverture"),
    ("admin.audit_trail", "Journal d'audit"),
    ("admin.users", "Comptes"),
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
        "role_label": lambda role: ROLE_LABELS.get(role, role),
        "action_label": lambda action: ACTION_LABELS.get(action, action),
        "demo_mode": lambda: app_settings().web.demo,
    }


def init_app(app: Flask) -> None:
    """Make the labels and the navigation available to every template."""
    app.context_processor(_context)
