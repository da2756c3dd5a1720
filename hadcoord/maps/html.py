"""The HTML pieces of the maps (side panel, legend, popups), from Jinja templates, escaped."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from hadcoord.maps import labels
from hadcoord.wording import formats
from hadcoord.wording import labels as wording


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates of hadcoord/maps/templates/ (HTML autoescaped)."""
    env = Environment(loader=PackageLoader("hadcoord.maps", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(fr_integer=formats.integer, fr_signed=formats.signed)
    env.globals.update(share=formats.percent, labels=labels, wording=wording)
    return env


def render_html(name: str, **context: Any) -> str:
    """Render the template ``name`` with ``context``."""
    return environment().get_template(name).render(**context)
