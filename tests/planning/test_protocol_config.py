"""The [protocol] section: typed defaults, the shipped comments, clear errors on bad values."""

from __future__ import annotations

import re
import tomllib
from datetime import time
from pathlib import Path

import pytest

from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.config.protocol import ProtocolSettings
from hadcoord.errors import ConfigError
from hadcoord.planning import protocol_from_settings


def test_defaults_follow_the_smpc_and_the_thesis() -> None:
    settings = ProtocolSettings()
    protocol = protocol_from_settings(settings)
    assert protocol.infusion_hours == 672
    assert protocol.break_hours == 336
    assert protocol.stability_hours == 96
    assert protocol.usual_hours == {24, 48, 72, 96}
    assert protocol.overfill_for(72) == 4
    assert protocol.overfill_for(96) == 0
    assert protocol.rate_ml_per_h == 2.5
    assert dict(protocol.change_pairs) == {"mon-thu": (0, 3), "tue-fri": (1, 4)}
    rr, mrd = protocol.indication("rr"), protocol.indication("mrd")
    assert (rr.max_cycles, rr.stay_days, rr.cycle1_doses) == (5, (9, 2), ((0, 9), (168, 28)))
    assert (mrd.max_cycles, mrd.stay_days, mrd.cycle1_doses) == (4, (3, 2), ((0, 28),))
    assert rr.stay_days_for(5) == 2
    assert rr.doses_for(2) == ((0, 28),)


def test_shipped_section_uncommented_gives_the_defaults() -> None:
    text = (PROJECT_ROOT / "config.toml").read_text(encoding="utf-8")
    section = text[text.index("[protocol]"):text.index("\n[", text.index("[protocol]") + 1)]
    uncommented = re.sub(r"^# ([a-z0-9_]+ =|\[protocol)", r"\1", section, flags=re.MULTILINE)
    values = tomllib.loads(uncommented)["protocol"]
    assert values["flow_rate_ml_per_h"] == 2.5
    assert ProtocolSettings.model_validate(values) == ProtocolSettings()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "message"), [
    ('change_day_pairs = { "x" = ["mon", "jeu"] }', "jour inconnu « jeu »"),
    ('change_day_pairs = { "x" = ["fri", "sat"] }', "ne produit pas le week-end"),
    ('change_day_pairs = { "x" = ["mon", "tue"] }', "dépasse la stabilité de 96 h"),
    ('day_hospital_appointment = "18:00"', "pendant la production de la PUI"),
    ('day_hospital_appointment = "10:30"', "heure pleine"),
    ('latest_appointment = "09:00"', "ne peut pas précéder le rendez-vous d'HDJ habituel"),
    ('latest_appointment = "17:00"', "latest_appointment .* doit tomber pendant la production"),
    ('latest_appointment = "11:30"', "latest_appointment doit être une heure pleine"),
    ('day_hospital_appointment = "13:00"', "ne peut pas précéder"),
    ("flow_rate_ml_per_h = 3.0", "dépasse 250"),
    ("bag_stability_hours = 0", "protocol.bag_stability_hours"),
    ("[protocol.indications.rr]\nlabel = 'x'\nmax_cycles = 5\nstay_days = [5, 2]\n"
     "cycle1_doses = [{ from_day = 1, ug_per_day = 9 }, { from_day = 8, ug_per_day = 28 }]\n"
     "later_dose_ug_per_day = 28", "doit couvrir le changement de dose du jour 8"),
    ("[protocol.indications.rr]\nlabel = 'x'\nmax_cycles = 5\nstay_days = [9]\n"
     "cycle1_doses = [{ from_day = 2, ug_per_day = 9 }]\nlater_dose_ug_per_day = 28",
     "commencer au jour 1"),
])
def test_impossible_protocol_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(write(tmp_path, f"[protocol]\n{text}\n"), environ={})


def test_environment_overrides_a_protocol_value(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ""),
                             environ={"HADCOORD_PROTOCOL_DAY_HOSPITAL_APPOINTMENT": "09:00"})
    assert settings.protocol.day_hospital_appointment.hour == 9


def test_latest_appointment_default_and_override(tmp_path: Path) -> None:
    assert protocol_from_settings(ProtocolSettings()).latest_appointment == time(12)
    settings = load_settings(write(tmp_path, '[protocol]\nlatest_appointment = "11:00"\n'),
                             environ={})
    assert protocol_from_settings(settings.protocol).latest_appointment == time(11)
    settings = load_settings(write(tmp_path, ""),
                             environ={"HADCOORD_PROTOCOL_LATEST_APPOINTMENT": "10:00"})
    assert settings.protocol.latest_appointment == time(10)
