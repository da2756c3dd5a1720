"""The French texts of the daily messages.

E-mails name patients by their pseudonymous reference only; the in-app version (inside the
application, behind the login) adds the names. The pharmacy never sees a name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hadcoord import clock
from hadcoord.planning.preparation import PreparationLine
from hadcoord.services.check_records import level_label
from hadcoord.services.digest import MorningDigest
from hadcoord.store import Patient

PLACES = {"ward": "service d'hospitalisation", "day_hospital": "hôpital de jour"}


def _who(patient: Patient, names: bool) -> str:
    return f"{patient.last_name} {patient.first_name} ({patient.reference})" if names else (
        patient.reference)


def _section(title: str, lines: Sequence[str]) -> list[str]:
    return [f"{title} ({len(lines)}) :", *(f"  - {line}" for line in lines or ["aucun"]), ""]


def digest_message(digest: MorningDigest, *, names: bool) -> tuple[str, str]:
    """Subject and body of the morning digest."""
    overview = digest.overview
    expected = []
    for item in digest.expected:
        last = item.latest
        state = (f"dernier relevé {last.check_day:%d/%m} ({level_label(last.triage)})"
                 if last else "aucun relevé encore")
        expected.append(f"{_who(item.patient, names)} — {state}")
    body = [f"Synthèse du {digest.day:%d/%m/%Y} (heures de Paris).", ""]
    body += _section("Entrées", [f"{m.at:%H:%M} {_who(m.patient, names)} ({m.label})"
                                 for m in overview.admissions])
    body += _section("Sorties", [f"{m.at:%H:%M} {_who(m.patient, names)}"
                                 for m in overview.discharges])
    body += _section("Changements de poche en hôpital de jour",
                     [f"{m.at:%H:%M} {_who(m.patient, names)}" for m in overview.day_hospital])
    body += _section("Relevés quotidiens attendus (patients à domicile)", expected)
    body += _section("Tâches en retard", [
        f"{t.due_date:%d/%m} {t.title} — {_who(t.pathway.patient, names)}"
        for t in overview.overdue])
    body += _section("Alertes rouges et orange ouvertes", [
        f"{level_label(a.level)} {clock.to_local(a.created_at):%d/%m %H:%M} "
        f"{_who(a.patient, names)} : "
        f"{a.message if names else a.kind.replace('_', ' ')}" for a in digest.alerts])
    subject = (f"[hadcoord] Synthèse du {digest.day:%d/%m/%Y} : {len(digest.alerts)} alerte(s) "
               f"ouverte(s), {len(digest.expected)} patient(s) à domicile")
    return subject, "\n".join(body)


def pharmacy_message(day: dt.date, production: dt.date,
                     lines: Sequence[PreparationLine]) -> tuple[str, str]:
    """Subject and body of the pharmacy's list for the next production day."""
    rows = [f"{line.patient} — cycle {line.cycle}, pose {line.start:%d/%m %H:%M} "
            f"({PLACES[line.hung_at]}), {line.hours} h + {line.overfill_hours} h de "
            f"surremplissage, {line.dose_ug_per_day:g} µg/j : contenu de la poche "
            f"{line.ug:g} µg (dose délivrée {line.delivered_ug:g} µg) dans {line.ml:g} mL à "
            f"{line.rate_ml_per_h:g} mL/h" for line in lines]
    body = [f"Liste de préparation de la PUI pour le {production:%d/%m/%Y} "
            f"(établie le {day:%d/%m/%Y}).", ""]
    body += _section("Poches à préparer", rows)
    subject = f"[hadcoord] Préparations du {production:%d/%m/%Y} : {len(lines)} poche(s)"
    return subject, "\n".join(body)
