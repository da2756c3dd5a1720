"""Common base of the settings models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FrozenSection(BaseModel):
    """A section of `config.toml`: immutable, and unknown keys are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")
