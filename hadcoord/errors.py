"""Domain exceptions shared by every layer.

Each carries a French message meant for the user; entry points print it as it is.
"""

from __future__ import annotations


class HadcoordError(Exception):
    """Base class of the errors that entry points show to the user without a traceback."""


class ConfigError(HadcoordError, ValueError):
    """The configuration file or an environment variable holds a bad value."""


class ReferenceDataError(HadcoordError, ValueError):
    """A reference data file (territories/) is missing or malformed."""


class UnknownCommuneError(HadcoordError, LookupError):
    """No commune matches what the user typed."""

    def __init__(self, message: str, suggestions: list[str] | None = None,
                 codes: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []
        self.codes = codes or []  # the INSEE code of each suggestion, same order


class AmbiguousCommuneError(HadcoordError, LookupError):
    """The query matches several communes equally well (homonyms); ``candidates`` lists labels."""

    def __init__(self, message: str, candidates: list[str],
                 codes: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates
        self.codes = codes or []  # the INSEE code of each candidate, same order
