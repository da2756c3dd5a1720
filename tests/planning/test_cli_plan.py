"""`hadcoord plan` and `hadcoord pharmacy` through click's CliRunner."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from hadcoord.cli import main

PLAN = ["plan", "--start", "2026-03-02T10:00", "--indication", "rr", "--cycles", "2",
        "--change-days", "mon-thu"]


def test_json_has_the_documented_keys_in_paris_time(runner: CliRunner) -> None:
    result = runner.invoke(main, [*PLAN, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"cycles", "stays", "bags", "day_hospital_visits", "home_checks",
                         "premedications", "interruptions"}
    cycle = data["cycles"][0]
    assert cycle == {"number": 1, "start": "2026-03-02T10:00:00+01:00",
                     "infusion_end": "2026-03-30T11:00:00+02:00",
                     "hospital_stay": {"admission": "2026-03-02T10:00:00+01:00",
                                       "discharge": "2026-03-11T10:00:00+01:00"}}
    bag = data["bags"][0]
    assert bag == {"cycle": 1, "start": "2026-03-02T10:00:00+01:00",
                   "end": "2026-03-05T10:00:00+01:00", "hours": 72, "dose_ug_per_day": 9.0,
                   "overfill_hours": 4, "ug": 28.5, "content_ug": 28.5, "delivered_ug": 27.0,
                   "ml": 190.0, "rate_ml_per_h": 2.5,
                   "hung_at": "ward", "prepared_on": "2026-03-02", "stopped_at": None}
    assert data["day_hospital_visits"][0] == "2026-03-12T10:00:00+01:00"
    assert data["home_checks"][0] == "2026-03-11"
    assert [item["at"] for item in data["premedications"]] == [
        "2026-03-02T09:00:00+01:00", "2026-03-09T09:00:00+01:00", "2026-04-13T09:00:00+02:00"]
    # Premedications are objects: when, drug, dose, why (SmPC 4.2).
    assert data["premedications"][1] == {"at": "2026-03-09T09:00:00+01:00",
                                         "drug": "dexaméthasone", "dose": "20 mg IV",
                                         "reason": "step_up"}
    assert data["interruptions"] == []
    assert data["stays"][0] == {"cycle": 1, "admission": "2026-03-02T10:00:00+01:00",
                                "discharge": "2026-03-11T10:00:00+01:00",
                                "reason": "cycle_start"}
    for moment in data["day_hospital_visits"]:
        assert datetime.fromisoformat(moment).strftime("%a %H:%M") in {"Mon 10:00", "Thu 10:00"}


def test_human_output_is_french(runner: CliRunner) -> None:
    result = runner.invoke(main, [*PLAN, "--closed", "2026-03-19"])
    assert result.exit_code == 0, result.output
    assert "changements de poche le lundi et jeudi" in result.output
    assert "Hospitalisation du lun. 02/03/2026 10:00 au mer. 11/03/2026 10:00" in result.output
    assert "Poche lun. 16/03/2026 10:00 → ven. 20/03/2026 10:00  96 h" in result.output
    assert "Prémédication (dexaméthasone 20 mg IV) : lun. 09/03/2026 09:00" in result.output
    # The µg printed is the bag's content; the dose delivered stands beside it.
    assert ("Poche lun. 02/03/2026 10:00 → jeu. 05/03/2026 10:00  72 h (+4 h)  9 µg/j  "
            "contenu de la poche 28,5 µg (dose délivrée 27 µg)  190 mL") in result.output


def test_ics_file_with_french_titles(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "calendrier.ics"
    result = runner.invoke(main, [*PLAN, "--ics", str(path)])
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    titles = [str(e["SUMMARY"]) for e in events]
    assert titles.count("Hospitalisation – cycle 1 (début de cycle)") == 1
    assert titles.count("Hôpital de jour – changement de poche (cycle 1)") == 5
    assert sum(t.startswith("Surveillance quotidienne HAD") for t in titles) == 47
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    visit = next(e for e in events if str(e["SUMMARY"]).startswith("Hôpital de jour"))
    assert visit["DTSTART"].params["TZID"] == "Europe/Paris"
    assert "Ne jamais rincer la ligne" in str(visit["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == len(events)


@pytest.mark.parametrize(("arguments", "message"), [
    (["--indication", "all"], "Indication inconnue « all »"),
    (["--cycles", "6"], "Nombre de cycles 6 impossible"),
    (["--cycles", "deux"], "--cycles « deux » : un nombre entier est attendu."),
    (["--change-days", "lun-jeu"], "Paire de jours de changement inconnue « lun-jeu »"),
    (["--start", "02/03/2026"], "--start « 02/03/2026 » : date et heure attendues"),
    (["--closed", "demain"], "--closed « demain » : date attendue"),
    (["--closed", "2026-03-16", "--closed", "2026-03-17", "--closed", "2026-03-18",
      "--closed", "2026-03-19", "--closed", "2026-03-20"], "Plan impossible pour le cycle 1"),
])
def test_bad_input_exits_2_in_french_and_writes_nothing(
        runner: CliRunner, tmp_path: Path, arguments: list[str], message: str) -> None:
    path = tmp_path / "calendrier.ics"
    base = dict(zip(PLAN[1::2], PLAN[2::2], strict=True))
    for option, _value in zip(arguments[::2], arguments[1::2], strict=True):
        base.pop(option, None)
    options = [item for pair in base.items() for item in pair]
    result = runner.invoke(main, ["plan", *options, *arguments, "--ics", str(path), "--json"])
    assert result.exit_code == 2
    assert result.output.startswith("Erreur : ")
    assert message in result.output
    assert not path.exists()


def test_missing_options_are_named(runner: CliRunner) -> None:
    result = runner.invoke(main, ["plan", "--start", "2026-03-02T10:00"])
    assert result.exit_code == 2
    assert "manquante(s) : --indication, --cycles, --change-days" in result.output


def test_unwritable_ics_path(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, [*PLAN, "--ics", str(tmp_path / "absent" / "x.ics")])
    assert result.exit_code == 2
    assert "Impossible d'écrire le calendrier" in result.output


def test_interruption_option(runner: CliRunner) -> None:
    result = runner.invoke(main, [*PLAN, "--interruption", "2026-03-18T15:00",
                                  "2026-03-20T11:00"])
    assert result.exit_code == 0, result.output
    assert "Interruption du mer. 18/03/2026 15:00 au ven. 20/03/2026 11:00 : même cycle ; " \
           "reprise sous surveillance avec prémédication" in result.output
    assert "(arrêtée)" in result.output


def test_pharmacy_preparation_list(runner: CliRunner) -> None:
    options = [*PLAN[1:], "--patient", "P-001", "--from", "2026-03-09", "--to", "2026-03-13"]
    result = runner.invoke(main, ["pharmacy", *options, "--json"])
    assert result.exit_code == 0, result.output
    lines = json.loads(result.output)
    assert [line["prepared_on"] for line in lines] == ["2026-03-09", "2026-03-12"]
    assert lines[0] == {"prepared_on": "2026-03-09", "patient": "P-001", "cycle": 1,
                        "start": "2026-03-09T10:00:00+01:00",
                        "end": "2026-03-12T10:00:00+01:00", "hours": 72, "overfill_hours": 4,
                        "dose_ug_per_day": 28.0, "ug": 88.67, "content_ug": 88.67,
                        "delivered_ug": 84.0, "ml": 190.0,
                        "rate_ml_per_h": 2.5, "hung_at": "ward", "body_surface_m2": None}
    text = runner.invoke(main, ["pharmacy", *options])
    assert "Préparations du lun. 09/03/2026 au ven. 13/03/2026 : 2 poche(s)" in text.output
    assert "28 µg/j  contenu de la poche 88,67 µg (dose délivrée 84 µg)" in text.output
    reversed_range = runner.invoke(main, ["pharmacy", *PLAN[1:], "--from", "2026-03-13",
                                          "--to", "2026-03-09"])
    assert reversed_range.exit_code == 2
    assert "Période de préparation inversée" in reversed_range.output


def test_late_slot_is_explained_in_french(runner: CliRunner, tmp_path: Path) -> None:
    # Toussaint 2027: clocks go back on Sunday 31/10, Monday 01/11 is a holiday.
    path = tmp_path / "toussaint.ics"
    result = runner.invoke(main, ["plan", "--start", "2027-10-14T10:00", "--indication", "mrd",
                                  "--cycles", "1", "--change-days", "tue-fri", "--ics",
                                  str(path)])
    assert result.exit_code == 0, result.output
    assert ("Poche ven. 29/10/2027 11:00 → mar. 02/11/2027 10:00  96 h" in result.output)
    assert "(rendez-vous décalé : 11:00 au lieu de 10:00)" in result.output
    assert ("Rendez-vous d'HDJ décalé : ven. 29/10/2027 11:00 au lieu de 10:00 — à 10:00, la "
            "poche dépasserait 96 h de stabilité avant le changement suivant (changement "
            "d'heure) ; la PUI la prépare juste avant la pose.") in result.output
    assert result.output.count("décalé") == 2
    events = list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    shifted = [e for e in events if "Rendez-vous décalé" in str(e.get("DESCRIPTION", ""))]
    assert [e.decoded("DTSTART").strftime("%d/%m %H:%M") for e in shifted] == ["29/10 11:00"]


def test_usual_plan_mentions_no_late_slot(runner: CliRunner) -> None:
    result = runner.invoke(main, PLAN)
    assert result.exit_code == 0, result.output
    assert "décalé" not in result.output


def test_json_after_an_interruption_keeps_what_happened(runner: CliRunner) -> None:
    # Stopped at home on Wednesday 18/03 15:00, restarted Friday 20/03 11:00 (44 h ≥ 4 h): the
    # restart is supervised in hospital; the JSON used to drop the interruption, the restart
    # stay and the stopped bag.
    result = runner.invoke(main, [*PLAN, "--interruption", "2026-03-18T15:00",
                                  "2026-03-20T11:00", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["interruptions"] == [{"stop": "2026-03-18T15:00:00+01:00",
                                      "resume": "2026-03-20T11:00:00+01:00",
                                      "reason": "technical", "decision": "same_cycle",
                                      "supervised_restart": True,
                                      "resume_requested": "2026-03-20T11:00:00+01:00",
                                      "decided_at": "2026-03-18T15:00:00+01:00",
                                      "resume_moved_because": ""}]
    assert {"cycle": 1, "admission": "2026-03-20T11:00:00+01:00",
            "discharge": "2026-03-21T11:00:00+01:00", "reason": "restart"} in data["stays"]
    stopped = [bag for bag in data["bags"] if bag["stopped_at"]]
    assert len(stopped) == 1
    assert stopped[0]["stopped_at"] == "2026-03-18T15:00:00+01:00"
    assert stopped[0]["hours_infused"] == 53
    # Hung Monday 16/03 10:00 for 72 h + 4 h (190 mL at 2,5 mL/h): 53 h infused, 57,5 mL left.
    assert stopped[0]["volume_discarded_ml"] == 57.5
    restart = [p for p in data["premedications"] if p["reason"] == "restart"]
    assert restart == [{"at": "2026-03-20T10:00:00+01:00", "drug": "dexaméthasone",
                        "dose": "20 mg IV", "reason": "restart"}]


def test_mrd_premedication_is_prednisone(runner: CliRunner) -> None:
    # SmPC 4.2, MRD-positive adults: prednisone 100 mg IV or equivalent 1 h before each cycle;
    # the plan used to print « dexaméthasone 20 mg IV ».
    result = runner.invoke(main, ["plan", "--start", "2026-03-02T10:00", "--indication", "mrd",
                                  "--cycles", "2", "--change-days", "mon-thu"])
    assert result.exit_code == 0, result.output
    assert ("Prémédication (prednisone 100 mg IV ou équivalent, p. ex. dexaméthasone 16 mg) : "
            "lun. 02/03/2026 09:00 — début de cycle") in result.output
    assert "dexaméthasone 20 mg" not in result.output


def test_an_out_of_hours_resume_is_moved_and_said_so(runner: CliRunner) -> None:
    # Stopped Thursday 19/03 at 20:00, resume asked for Friday 08:00: the PUI opens at 08:30,
    # so the restart bag exists from 09:00 (issue 13, restarts that can really happen).
    result = runner.invoke(main, [*PLAN, "--interruption", "2026-03-19T20:00",
                                  "2026-03-20T08:00"])
    assert result.exit_code == 0, result.output
    assert "Interruption du jeu. 19/03/2026 20:00 au ven. 20/03/2026 09:00" in result.output
    assert ("Reprise demandée le 20/03/2026 à 08:00, planifiée le 20/03/2026 à 09:00 : le "
            "service programme les reprises de 08:00 à 20:00, prémédication comprise ; la PUI "
            "ne prépare la poche qu'après la décision de reprise (le 19/03/2026 à 20:00), "
            "pendant ses heures de production (08:30–16:30, jours ouvrés).") in result.output
    data = json.loads(runner.invoke(main, [*PLAN, "--interruption", "2026-03-19T20:00",
                                           "2026-03-20T08:00", "--json"]).output)
    event = data["interruptions"][0]
    assert (event["resume_requested"], event["resume"]) == ("2026-03-20T08:00:00+01:00",
                                                            "2026-03-20T09:00:00+01:00")
    assert event["resume_moved_because"].startswith("Reprise demandée le 20/03/2026 à 08:00")


def test_decision_option(runner: CliRunner) -> None:
    result = runner.invoke(main, [*PLAN, "--interruption", "2026-03-18T15:00",
                                  "2026-03-20T11:00", "--decision", "2026-03-20T14:00",
                                  "--json"])
    assert result.exit_code == 0, result.output
    event = json.loads(result.output)["interruptions"][0]
    assert (event["decided_at"], event["resume"]) == ("2026-03-20T14:00:00+01:00",
                                                      "2026-03-20T14:00:00+01:00")
    alone = runner.invoke(main, [*PLAN, "--decision", "2026-03-20T14:00"])
    assert alone.exit_code == 2
    assert "--decision ne s'emploie qu'avec --interruption." in alone.output
    bad = runner.invoke(main, [*PLAN, "--interruption", "2026-03-18T15:00",
                               "2026-03-20T11:00", "--decision", "demain"])
    assert bad.exit_code == 2
    assert "--decision « demain »" in bad.output
