"""Settings of the coverage engine (owned by the coverage domain; see config.toml)."""

from __future__ import annotations

from hadcoord.config._base import FrozenSection


class CoverageSettings(FrozenSection):
    """Derogation and readiness rules (filled in by the coverage issue)."""
