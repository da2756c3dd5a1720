"""Changing JSON documents field by field (daily checks in the monitoring, web and job tests)."""

from __future__ import annotations

from typing import Any


def apply_changes(document: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Change ``document`` in place: dict values update the nested object, None removes a key."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(document.get(key), dict):
            document[key].update(value)
        elif value is None:
            document.pop(key, None)
        else:
            document[key] = value
    return document
