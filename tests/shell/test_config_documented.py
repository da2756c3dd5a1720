"""config.toml documents every key of the settings model, with the model's default value.

The defaults live in one place (the pydantic models of hadcoord.config); config.toml shows them,
commented out or not, each under a comment saying what it is. These tests catch a key added to
the model but not to the file, a default changed on one side only, and an undocumented key.
Two exceptions: a key whose default is "none" (TOML has no null) shows an example value, and a
secret is documented by its environment variable only (it must not be written in the file).
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest
from pydantic import BaseModel

from hadcoord.config import ENV_ALIASES, ENV_PREFIX, PROJECT_ROOT, Settings
from hadcoord.config._base import FrozenSection

TEXT = (PROJECT_ROOT / "config.toml").read_text(encoding="utf-8")
SECTIONS = [name for name, field in Settings.model_fields.items()
            if isinstance(field.annotation, type) and issubclass(field.annotation, FrozenSection)]
KEY_LINE = re.compile(r"^(?:# )?([a-z0-9_]+) =")


def section_text(name: str) -> str:
    """The lines of ``[name]`` and of its (commented) sub-tables, up to the next section."""
    start = TEXT.index(f"\n[{name}]\n") + 1
    following = re.compile(rf"^\[(?!{name}[.\]])", re.MULTILINE)
    end = following.search(TEXT, start + 1)
    return TEXT[start:end.start() if end else len(TEXT)]


def uncommented(name: str) -> dict[str, Any]:
    """The section as TOML once its commented-out keys and sub-tables are switched on."""
    text = re.sub(rf"^# ([a-z0-9_]+ =|\[{name}[.\]])", r"\1", section_text(name),
                  flags=re.MULTILINE)
    values: dict[str, Any] = tomllib.loads(text)[name]
    return values


def named_by_its_variable(section: str, key: str) -> bool:
    """Whether config.toml names the environment variable of ``[section].key``."""
    names = [f"{ENV_PREFIX}{section}_{key}".upper()]
    names += [alias for alias, target in ENV_ALIASES.items() if target == (section, key)]
    return any(name in section_text(section) for name in names)


def missing_keys(model: type[BaseModel], values: dict[str, Any], prefix: str) -> list[str]:
    """Fields of ``model`` (and of its sub-sections) with no key in ``values``."""
    missing = []
    for key, field in model.model_fields.items():
        if key not in values:
            if "." in prefix or not named_by_its_variable(prefix, key):
                missing.append(f"{prefix}.{key}")
        elif isinstance(field.annotation, type) and issubclass(field.annotation, FrozenSection):
            missing += missing_keys(field.annotation, values[key], f"{prefix}.{key}")
    return missing


def undocumented_keys(name: str) -> list[str]:
    """Keys with no comment above them (through the other keys of the group, sub-table headers)."""
    undocumented = []
    lines = section_text(name).splitlines()
    for number, line in enumerate(lines):
        key = KEY_LINE.match(line)
        if not key:
            continue
        above = number - 1
        while above >= 0 and (KEY_LINE.match(lines[above]) or lines[above].startswith("# [")):
            above -= 1
        if above < 0 or not lines[above].startswith("# "):
            undocumented.append(f"{name}.{key.group(1)}")
    return undocumented


def test_every_section_of_the_model_is_in_the_file() -> None:
    shown = re.findall(r"^\[([a-z_]+)\]$", TEXT, flags=re.MULTILINE)
    assert shown == [name for name in shown if name in SECTIONS]
    assert sorted(shown) == sorted(SECTIONS)


@pytest.mark.parametrize("name", SECTIONS)
def test_the_file_shows_the_models_defaults(name: str) -> None:
    model = type(getattr(Settings(), name))
    values = uncommented(name)
    validated = model.model_validate(values)  # an unknown key is an error here
    defaults = model()
    examples = {key: None for key in values if getattr(defaults, key) is None}
    for key in values:
        if key not in examples:
            assert getattr(validated, key) == getattr(defaults, key), f"[{name}].{key}"
    assert validated.model_copy(update=examples) == defaults


@pytest.mark.parametrize("name", SECTIONS)
def test_every_key_is_in_the_file_with_a_comment(name: str) -> None:
    model = type(getattr(Settings(), name))
    assert missing_keys(model, uncommented(name), name) == []
    assert undocumented_keys(name) == []
