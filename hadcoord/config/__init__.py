"""Configuration: `config.toml` parsed with tomllib into a frozen, typed `Settings` object.

Environment variables override the file: ``HADCOORD_<SECTION>_<KEY>`` (for instance
``HADCOORD_DATABASE_URL`` or ``HADCOORD_GEO_ROAD_DETOUR_FACTOR``); ``HADCOORD_SECRET_KEY`` is a
short alias of ``HADCOORD_WEB_SECRET_KEY``; ``HADCOORD_CONFIG`` names another config file.
Relative paths in the file are taken from the file's folder; the database path of the shipped
config.toml of an installed wheel starts at ``<prefix>/var/hadcoord`` (see `config.files`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hadcoord.config._base import FrozenSection
from hadcoord.config.coverage import CoverageSettings
from hadcoord.config.files import shipped_dir, state_dir
from hadcoord.config.jobs import JobsSettings, SmtpSettings
from hadcoord.config.maps import MapsSettings
from hadcoord.config.monitoring import MonitoringSettings
from hadcoord.config.operations import AuditSettings, BackupSettings
from hadcoord.config.protocol import ProtocolSettings
from hadcoord.config.sections import (
    DatabaseSettings,
    GeoSettings,
    ReferenceSettings,
    WebSettings,
)
from hadcoord.config.security import SecuritySettings
from hadcoord.errors import ConfigError

__all__ = ["Settings", "default_config_path", "load_settings"]

ENV_PREFIX = "HADCOORD_"
ENV_ALIASES = {"HADCOORD_SECRET_KEY": ("web", "secret_key")}
# The folder of the shipped config.toml, territories/, templates/, migrations/: the top of the
# source checkout, or hadcoord/_data/ in an installed wheel.
PROJECT_ROOT = shipped_dir()


class Settings(FrozenSection):
    """Every setting of hadcoord, section by section."""

    database: DatabaseSettings = DatabaseSettings()
    web: WebSettings = WebSettings()
    reference: ReferenceSettings = ReferenceSettings()
    geo: GeoSettings = GeoSettings()
    coverage: CoverageSettings = CoverageSettings()
    protocol: ProtocolSettings = ProtocolSettings()
    monitoring: MonitoringSettings = MonitoringSettings()
    jobs: JobsSettings = JobsSettings()
    smtp: SmtpSettings = SmtpSettings()
    maps: MapsSettings = MapsSettings()
    security: SecuritySettings = SecuritySettings()
    audit: AuditSettings = AuditSettings()
    backup: BackupSettings = BackupSettings()
    # The config file's folder: relative paths of the file start here.
    base_dir: Path = PROJECT_ROOT
    # Where the program writes (the SQLite database, instance/): the config file's folder too,
    # except for the shipped config.toml of an installed wheel (`config.files.state_dir`).
    state_dir: Path = PROJECT_ROOT


def default_config_path() -> Path:
    """`$HADCOORD_CONFIG` if set, else the `config.toml` at the project root."""
    return Path(os.environ.get("HADCOORD_CONFIG", PROJECT_ROOT / "config.toml"))


def _env_overrides(environ: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """Map ``HADCOORD_SECTION_KEY`` variables to (section, key) pairs of the settings model."""
    known: dict[str, tuple[str, str]] = dict(ENV_ALIASES)
    for section, field in Settings.model_fields.items():
        model = field.annotation
        if isinstance(model, type) and issubclass(model, FrozenSection):
            for key in model.model_fields:
                known[f"{ENV_PREFIX}{section}_{key}".upper()] = (section, key)
    return {known[name]: value for name, value in environ.items() if name in known}


def _describe(error: Mapping[str, Any]) -> str:
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"clé inconnue « {key} »"
    return f"clé « {key} » : {error['msg']} (valeur : {error.get('input')!r})"


def load_settings(
    path: Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read the config file, apply environment overrides and validate.

    Raises
    ------
    ConfigError
        The file is missing or is not TOML, or a key is unknown or has a bad value; the message
        names the file and the key.
    """
    path = path or default_config_path()
    environ = os.environ if environ is None else environ
    try:
        with path.open("rb") as handle:
            raw: dict[str, Any] = tomllib.load(handle)
    except FileNotFoundError:
        msg = f"Fichier de configuration introuvable : {path}"
        raise ConfigError(msg) from None
    except tomllib.TOMLDecodeError as error:
        msg = f"{path} n'est pas un fichier TOML valide : {error}"
        raise ConfigError(msg) from None
    for (section, key), value in _env_overrides(environ).items():
        table = raw.setdefault(section, {})
        if isinstance(table, dict):
            table[key] = value
    raw["base_dir"] = path.resolve().parent
    raw["state_dir"] = (state_dir() if raw["base_dir"] == PROJECT_ROOT.resolve()
                        else raw["base_dir"])
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        msg = f"{path} : {_describe(first)}"
        raise ConfigError(msg) from None
    return _resolve_paths(settings)


def _resolve_paths(settings: Settings) -> Settings:
    territories = settings.reference.territories_dir
    if not territories.is_absolute():
        reference = settings.reference.model_copy(
            update={"territories_dir": settings.base_dir / territories}
        )
        settings = settings.model_copy(update={"reference": reference})
    url = settings.database.url
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        database = DatabaseSettings(url=f"{prefix}{settings.state_dir / url[len(prefix):]}")
        settings = settings.model_copy(update={"database": database})
    return settings
