"""Settings of the blinatumomab protocol (owned by the planning domain; see config.toml)."""

from __future__ import annotations

from hadcoord.config._base import FrozenSection


class ProtocolSettings(FrozenSection):
    """The blinatumomab protocol as a centre configures it (filled in by the calendar issue)."""
