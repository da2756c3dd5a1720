"""config.toml → frozen typed settings; environment overrides; clear errors naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_config_loads_with_embedded_defaults() -> None:
    settings = load_settings(PROJECT_ROOT / "config.toml", environ={})
    assert settings.database.url.startswith("sqlite:///")
    assert settings.database.url.endswith("instance/hadcoord.sqlite3")
    assert settings.reference.communes_file.is_file()
    assert settings.geo.road_detour_factor == pytest.approx(1.3)


def test_settings_are_frozen() -> None:
    settings = load_settings(PROJECT_ROOT / "config.toml", environ={})
    with pytest.raises(ValidationError):
        settings.geo.road_detour_factor = 2.0  # type: ignore[misc]


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[geo]\nroad_detour_factor = 1.3\n")
    settings = load_settings(path, environ={
        "HADCOORD_DATABASE_URL": "postgresql://db/hadcoord",
        "HADCOORD_GEO_ROAD_DETOUR_FACTOR": "1.5",
        "HADCOORD_SECRET_KEY": "s3cret",
        "HADCOORD_UNRELATED": "ignored",
    })
    assert settings.database.url == "postgresql://db/hadcoord"
    assert settings.geo.road_detour_factor == pytest.approx(1.5)
    assert settings.web.secret_key == "s3cret"


def test_relative_paths_start_at_the_config_file(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ""), environ={})
    assert settings.reference.territories_dir == tmp_path / "territories"
    assert settings.database.url == f"sqlite:///{tmp_path}/instance/hadcoord.sqlite3"


@pytest.mark.parametrize(
    ("text", "environ", "key"),
    [
        ("[geo]\nroad_detour_factor = 'loin'\n", {}, "geo.road_detour_factor"),
        ("[geo]\nroad_detour_factor = 0.5\n", {}, "geo.road_detour_factor"),
        ("[web]\nport = 70000\n", {}, "web.port"),
        ("[geo]\ndetour = 1.2\n", {}, "geo.detour"),
        ("", {"HADCOORD_GEO_SEARCH_LIMIT": "beaucoup"}, "geo.search_limit"),
    ],
)
def test_a_bad_value_names_the_key(tmp_path: Path, text: str, environ: dict[str, str],
                                   key: str) -> None:
    with pytest.raises(ConfigError, match=rf"« {key} »"):
        load_settings(write(tmp_path, text), environ=environ)


def test_a_file_that_is_not_toml_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="pas un fichier TOML valide"):
        load_settings(write(tmp_path, "[geo\nroad_detour_factor = \n"), environ={})


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="introuvable"):
        load_settings(tmp_path / "absent.toml", environ={})
