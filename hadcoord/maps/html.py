"""The HTML pieces of the maps (side panel, legend, popups), from Jinja templates, escaped."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from hadcoord.maps import labels

NARROW_SPACE = "\u202f"  # French thousands separator


def french_integer(value: int) -> str:
    """``1234567`` → ``1 234 567`` (narrow no-break spaces)."""
    sign = "−" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", NARROW_SPACE)


def french_signed(value: int) -> str:
    """``+1 234``, ``−56``, ``0``."""
    return ("+" if value > 0 else "") + french_integer(value)


def share(part: int, whole: int) -> str:
    """``part`` as a rounded percentage of ``whole`` (« 12 % »)."""
    return f"{round(part * 100 / whole) if whole else 0}{NARROW_SPACE}%"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates of hadcoord/maps/templates/ (HTML autoescaped)."""
    env = Environment(loader=PackageLoader("hadcoord.maps", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(fr_integer=french_integer, fr_signed=french_signed)
    env.globals.update(share=share, labels=labels)
    return env


def render_html(name: str, **context: Any) -> str:
    """Render the template ``name`` with ``context``."""
    return environment().get_template(name).render(**context)
