"""`hadcoord plan` (treatment calendar) and `hadcoord pharmacy` (preparation list)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from hadcoord.cli import context
from hadcoord.errors import HadcoordError
from hadcoord.exports import plan_json, plan_to_ics, preparation_json
from hadcoord.planning import (
    Plan,
    PlanningError,
    PlanRequest,
    Protocol,
    build_plan,
)
from hadcoord.planning.interruption import replan_after_interruption
from hadcoord.planning.preparation import preparation_list
from hadcoord.planning.slots import late_changes
from hadcoord.planning.surface import surface_of
from hadcoord.wording import formats, labels

F = TypeVar("F", bound=Callable[..., Any])
DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _when(moment: datetime | date) -> str:
    text = f"{DAYS[moment.weekday()]} {moment:%d/%m/%Y}"
    return f"{text} {moment:%H:%M}" if isinstance(moment, datetime) else text


def _number(value: float) -> str:
    return formats.decimal(value)


def _moment(text: str, option: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        msg = f"{option} « {text} » : date et heure attendues au format AAAA-MM-JJTHH:MM."
        raise PlanningError(msg) from None


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"{option} « {text} » : date attendue au format AAAA-MM-JJ."
        raise PlanningError(msg) from None


def plan_options(function: F) -> F:
    """The options describing a patient's plan, shared by `plan` and `pharmacy`."""
    options = [
        click.option("--start", help="Début du cycle 1 (AAAA-MM-JJTHH:MM, heure de Paris)."),
        click.option("--indication", help="Indication : rr (rechute/réfractaire) ou mrd."),
        click.option("--cycles", help="Nombre de cycles."),
        click.option("--change-days", help="Jours fixes de changement : mon-thu ou tue-fri."),
        click.option("--closed", multiple=True, help="Fermeture de la PUI (AAAA-MM-JJ)."),
        click.option("--weight", type=float, help="Poids en kg (< 45 kg : dose par m², RCP 4.2)."),
        click.option("--height", type=float, help="Taille en cm (requise sous 45 kg)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _build(protocol: Protocol, *, start: str | None, indication: str | None,
           cycles: str | None, change_days: str | None, closed: tuple[str, ...],
           weight: float | None = None, height: float | None = None) -> Plan:
    missing = [name for name, value in (("--start", start), ("--indication", indication),
                                        ("--cycles", cycles), ("--change-days", change_days))
               if not value]
    if missing:
        msg = f"Option(s) obligatoire(s) manquante(s) : {', '.join(missing)}."
        raise PlanningError(msg)
    start, indication, cycles, change_days = (str(start), str(indication), str(cycles),
                                              str(change_days))
    if not cycles.strip().isdigit():
        msg = f"--cycles « {cycles} » : un nombre entier est attendu."
        raise PlanningError(msg)
    request = PlanRequest(start=_moment(start, "--start"), indication=indication.strip(),
                          cycles=int(cycles), change_days=change_days.strip(),
                          closures=frozenset(_day(day, "--closed") for day in closed),
                          weight_kg=weight, height_cm=height)
    return build_plan(request, protocol)


@click.command("plan")
@plan_options
@click.option("--interruption", nargs=2, metavar="ARRÊT REPRISE",
              help="Replanifier après une interruption (deux dates-heures).")
@click.option("--reason", default="technical", show_default=True,
              help="Motif de l'interruption : technical, crs:3, crs:4, neuro:3, neuro:4, "
                   "seizure, other:3, other:4 (RCP 4.2).")
@click.option("--decision", metavar="DATE-HEURE",
              help="Décision de reprise (par défaut : l'arrêt) ; la poche de reprise est "
                   "préparée après elle.")
@click.option("--patient", default="patient", show_default=True,
              help="Référence du patient (identifiants uniques du calendrier iCalendar).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@click.option("--ics", "ics_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Écrire le calendrier iCalendar dans ce fichier.")
def plan(*, start: str | None, indication: str | None, cycles: str | None,
         change_days: str | None, closed: tuple[str, ...], weight: float | None,
         height: float | None,
         interruption: tuple[str, str] | None, reason: str, decision: str | None,
         patient: str, as_json: bool, ics_path: Path | None) -> None:
    """Calendrier de traitement : cycles, séjours, poches, HDJ, surveillances à domicile."""
    protocol = context.protocol()
    result = _build(protocol, start=start, indication=indication, cycles=cycles,
                    change_days=change_days, closed=closed, weight=weight, height=height)
    if interruption:
        result = replan_after_interruption(
            result, _moment(interruption[0], "--interruption"),
            _moment(interruption[1], "--interruption"), protocol, reason=reason,
            decided_at=None if decision is None else _moment(decision, "--decision"))
    elif decision is not None:
        msg = "--decision ne s'emploie qu'avec --interruption."
        raise PlanningError(msg)
    if ics_path is not None:
        _write_atomically(ics_path, plan_to_ics(result, protocol, patient=patient))
    if as_json:
        click.echo(json.dumps(plan_json(result), ensure_ascii=False, indent=2))
    else:
        _echo_plan(result, protocol)
    if ics_path is not None and not as_json:
        click.echo(f"Calendrier iCalendar écrit dans {ics_path}")


def _write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` whole or not at all."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".hadcoord-", suffix=".ics")
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except OSError as error:
        msg = f"Impossible d'écrire le calendrier dans {path} : {error.strerror}."
        raise HadcoordError(msg) from None


def _echo_plan(result: Plan, protocol: Protocol) -> None:
    request = result.request
    indication = protocol.indication(request.indication)
    days = " et ".join(WEEKDAY_NAMES[d] for d in protocol.change_pair(request.change_days))
    click.echo(f"Calendrier de traitement — {indication.label} ({indication.code}), "
               f"{len(result.cycles)} cycle(s), changements de poche le {days}")
    surface = surface_of(request, protocol)
    if surface is not None:
        click.echo(f"Dose selon la surface corporelle : {_number(surface)} m² (Mosteller ; "
                   f"patient de moins de {_number(protocol.bsa_threshold_kg)} kg, RCP 4.2)")
    late = late_changes(result, protocol)
    usual = f"{protocol.appointment:%H:%M}"
    for cycle in result.cycles:
        click.echo(f"\nCycle {cycle.number} : perfusion du {_when(cycle.start)} au "
                   f"{_when(cycle.infusion_end)} ({cycle.infusion_hours} h)"
                   + (" — cycle interrompu" if cycle.partial else ""))
        for stay in (s for s in result.stays if s.cycle == cycle.number):
            click.echo(f"  Hospitalisation du {_when(stay.admission)} au "
                       f"{_when(stay.discharge)}")
        for bag in (b for b in result.bags if b.cycle == cycle.number):
            click.echo(
                f"  Poche {_when(bag.start)} → {_when(bag.end)}  {bag.hours:>2} h "
                f"(+{bag.overfill_hours} h)  {_number(bag.dose_ug_per_day)} µg/j  "
                f"contenu de la poche {_number(bag.ug)} µg (dose délivrée "
                f"{_number(bag.delivered_ug)} µg)  {_number(bag.ml)} mL  "
                f"{_number(bag.rate_ml_per_h)} mL/h  {labels.PLACE_SHORT[bag.hung_at]}  "
                f"préparée le {_when(bag.prepared_on)}"
                + ("  (arrêtée)" if bag.stopped_early else "")
                + (f"  (rendez-vous décalé : {bag.start:%H:%M} au lieu de {usual})"
                   if bag in late else ""))
    click.echo(f"\nVisites en hôpital de jour : {len(result.day_hospital_visits)} ; "
               f"jours de surveillance à domicile : {len(result.home_checks)}")
    for bag in late:
        click.echo(f"Rendez-vous d'HDJ décalé : {_when(bag.start)} au lieu de {usual} — à "
                   f"{usual}, la poche dépasserait {protocol.stability_hours} h de stabilité "
                   f"avant le changement suivant"
                   + (" (changement d'heure)" if bag.start.utcoffset() != bag.end.utcoffset()
                      else "")
                   + " ; la PUI la prépare juste avant la pose.")
    for item in result.premedications:
        reason = labels.PREMEDICATION_REASON[item.reason]
        click.echo(f"Prémédication ({item.text}) : {_when(item.at)} — {reason}")
    for event in result.interruptions:
        click.echo(f"Interruption du {_when(event.stop)} au {_when(event.restart)} : "
                   + ("même cycle" if event.same_cycle else "nouveau cycle")
                   + (" ; reprise sous surveillance" if event.needs_supervision else "")
                   + (f" ; reprise à {_number(event.restart_dose_ug_per_day)} µg/j (RCP 4.2, "
                      f"{event.reason})" if event.restart_dose_ug_per_day is not None else "")
                   + (" avec prémédication" if any(
                       p.event == event.restart for p in result.premedications) else ""))
        if event.restart_note:
            click.echo(f"  {event.restart_note}")


@click.command("pharmacy")
@plan_options
@click.option("--patient", default="patient", show_default=True,
              help="Référence du patient sur la liste.")
@click.option("--from", "first", help="Premier jour de préparation (AAAA-MM-JJ).")
@click.option("--to", "last", help="Dernier jour de préparation (AAAA-MM-JJ).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def pharmacy(*, start: str | None, indication: str | None, cycles: str | None,
             change_days: str | None, closed: tuple[str, ...], weight: float | None,
             height: float | None, patient: str,
             first: str | None, last: str | None, as_json: bool) -> None:
    """Liste de préparation de la PUI : quelles poches préparer, quel jour."""
    result = _build(context.protocol(), start=start, indication=indication, cycles=cycles,
                    change_days=change_days, closed=closed, weight=weight, height=height)
    low = _day(first, "--from") if first else result.bags[0].prepared_on
    high = _day(last, "--to") if last else result.bags[-1].prepared_on
    lines = preparation_list([(patient, result)], low, high)
    if as_json:
        click.echo(json.dumps(preparation_json(lines), ensure_ascii=False, indent=2))
        return
    click.echo(f"Préparations du {_when(low)} au {_when(high)} : {len(lines)} poche(s)")
    for line in lines:
        click.echo(f"  {_when(line.prepared_on)}  {line.patient}  cycle {line.cycle}  "
                   f"pose {_when(line.start)}  {line.hours} h (+{line.overfill_hours} h)  "
                   f"{_number(line.dose_ug_per_day)} µg/j  contenu de la poche "
                   f"{_number(line.ug)} µg (dose délivrée {_number(line.delivered_ug)} µg)  "
                   f"{_number(line.ml)} mL  {_number(line.rate_ml_per_h)} mL/h  "
                   f"{labels.PLACE_SHORT[line.hung_at]}  {line.dosing}")
