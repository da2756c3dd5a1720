"""Errors of the daily-check domain."""

from __future__ import annotations

from hadcoord.errors import HadcoordError


class InvalidCheckError(HadcoordError, ValueError):
    """A daily check (or its file) is malformed; ``field`` names the first offending field.

    ``field`` is the dotted JSON path (``pump.volume_left_ml``), or ``None`` when the problem is
    the document as a whole (unreadable file, malformed JSON).
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @property
    def reason(self) -> str:
        """The message without its « champ « x » : » prefix.

        A form shows it next to the field, under the field's own label (issue 15: no JSON
        names on screen).
        """
        message = str(self)
        prefix = f"champ « {self.field} » : "
        return message.removeprefix(prefix) if self.field else message
