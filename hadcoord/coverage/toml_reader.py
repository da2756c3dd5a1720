"""Typed access to a reference TOML file whose errors name the file, the key and the line."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hadcoord.errors import ReferenceDataError


class TomlFile:
    """A parsed TOML file; ``fail`` raises a French error naming the file, key and line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            msg = f"{path} : fichier illisible ({error})"
            raise ReferenceDataError(msg) from None
        try:
            self.data: dict[str, Any] = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as error:
            msg = f"{path} : TOML invalide ({error})"
            raise ReferenceDataError(msg) from None

    def line_of(self, needle: str) -> int | None:
        """The first line (1-based) holding ``needle``, if any."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            if needle in line.split("#", 1)[0]:
                return number
        return None

    def fail(self, key: str, problem: str, needle: str | None = None) -> ReferenceDataError:
        """An error about ``key``; the line is the first one holding ``needle`` (or the key)."""
        leaf = key.rsplit(".", 1)[-1].split("[", 1)[0]
        line = self.line_of(needle) if needle else self.line_of(f"{leaf} =")
        where = f", ligne {line}" if line else ""
        return ReferenceDataError(f"{self.path}{where} : clé « {key} » : {problem}")


class Table:
    """A TOML table of a ``TomlFile``, with typed getters."""

    def __init__(self, file: TomlFile, data: dict[str, Any], prefix: str = "") -> None:
        self.file = file
        self.data = data
        self.prefix = prefix

    def key(self, name: str) -> str:
        """The dotted path of ``name`` in the file."""
        return f"{self.prefix}{name}"

    def check_keys(self, allowed: Iterable[str]) -> None:
        """Reject keys this table does not know (catches typos)."""
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise self.file.fail(self.key(unknown[0]), "clé inconnue")

    def _get(self, name: str, kinds: tuple[type, ...], label: str, default: Any) -> Any:
        if name not in self.data:
            if default is _REQUIRED:
                raise self.file.fail(self.key(name), "obligatoire et absente", needle="\x00")
            return default
        value = self.data[name]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise self.file.fail(self.key(name), f"{label} attendu, trouvé {value!r}")
        return value

    def text(self, name: str, default: Any = None) -> Any:
        """A non-empty string (``default`` if absent; pass REQUIRED to make it mandatory)."""
        value = self._get(name, (str,), "texte", default)
        if name in self.data and not value.strip():
            raise self.file.fail(self.key(name), "texte vide")
        return value

    def flag(self, name: str, default: Any = None) -> Any:
        """A boolean."""
        return self._get(name, (bool,), "booléen (true/false)", default)

    def integer(self, name: str, default: Any = None) -> Any:
        """An integer."""
        return self._get(name, (int,), "entier", default)

    def number(self, name: str, default: Any = None) -> Any:
        """A number."""
        value = self._get(name, (int, float), "nombre", default)
        return float(value) if value is not None else None

    def day(self, name: str, default: Any = None) -> Any:
        """A TOML date (YYYY-MM-DD, no quotes)."""
        value = self._get(name, (dt.date,), "date AAAA-MM-JJ (sans guillemets)", default)
        if isinstance(value, dt.datetime):
            raise self.file.fail(self.key(name), "date sans heure attendue")
        return value

    def texts(self, name: str, default: Any = ()) -> tuple[str, ...]:
        """A list of strings."""
        value = self._get(name, (list,), "liste", default)
        if not all(isinstance(item, str) for item in value):
            raise self.file.fail(self.key(name), "liste de textes attendue")
        return tuple(value)

    def table(self, name: str, *, required: bool = True) -> Table:
        """A sub-table."""
        default = _REQUIRED if required else {}
        value = self._get(name, (dict,), "table", default)
        return Table(self.file, value, f"{self.key(name)}.")

    def tables(self, name: str) -> list[Table]:
        """An array of tables (``[[name]]``)."""
        value = self._get(name, (list,), "liste de tables", [])
        if not all(isinstance(item, dict) for item in value):
            raise self.file.fail(self.key(name), "liste de tables attendue")
        return [Table(self.file, item, f"{self.key(name)}[{i}].") for i, item in enumerate(value)]


_REQUIRED = object()
REQUIRED: Any = _REQUIRED
