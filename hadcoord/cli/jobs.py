"""`hadcoord scheduler` (the reminder jobs' process) and `hadcoord jobs run NAME [--date]`."""

from __future__ import annotations

import datetime as dt
import json
import logging

import click

from hadcoord import clock
from hadcoord.cli import context
from hadcoord.errors import HadcoordError
from hadcoord.jobs.runner import (
    JOBS,
    LABELS,
    UnknownJobError,
    job_times,
    run_escalation,
    run_job,
)
from hadcoord.services.outbox import deliver_pending
from hadcoord.store import engine_of, make_session_factory


class InvalidJobDateError(HadcoordError, ValueError):
    """``--date`` is not a date."""


@click.command("scheduler")
def scheduler_command() -> None:
    """Lancer le planificateur des rappels (processus dédié ; Ctrl+C pour arrêter)."""
    from hadcoord.jobs.scheduler import run_scheduler  # noqa: PLC0415 — only here
    from hadcoord.store.schema import check_startup  # noqa: PLC0415

    check_startup(context.settings().database.url)  # missing or not migrated: exit 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s : %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    run_scheduler(context.settings())


@click.group("jobs")
def jobs() -> None:
    """Tâches de rappel : lister, exécuter une fois."""


@jobs.command("list")
def list_jobs() -> None:
    """Lister les tâches et leur heure."""
    settings = context.settings()
    for name, at in job_times(settings).items():
        click.echo(f"{name:16} {at:%H:%M}  {LABELS[name]}")
    click.echo(f"{'outbox':16} toutes les {settings.jobs.outbox_every_seconds} s  "
               "envoi des notifications en attente")
    click.echo(f"{'escalation':16} toutes les minutes  alertes rouges non acquittées après "
               f"{settings.monitoring.escalation_delay_minutes} min (hématologie, coordination)")


def _day(text: str | None) -> dt.date:
    if text is None:
        return clock.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"date « {text} » invalide : format attendu AAAA-MM-JJ"
        raise InvalidJobDateError(msg) from None


@jobs.command("run")
@click.argument("name")
@click.option("--date", "day_text", default=None, help="Jour traité, AAAA-MM-JJ (défaut : "
              "aujourd'hui).")
@click.option("--json", "as_json", is_flag=True, help="Résultat en JSON.")
def run(name: str, day_text: str | None, as_json: bool) -> None:
    """Exécuter une tâche une fois (idempotent : rien n'est envoyé deux fois).

    NAME : morning_digest, pharmacy_list, missing_checks, outbox ou escalation.
    """
    extra = ("outbox", "escalation")
    if name not in (*JOBS, *extra):
        msg = f"tâche inconnue « {name} » ; tâches : {', '.join([*JOBS, *extra])}"
        raise UnknownJobError(msg)
    settings = context.settings()
    day = _day(day_text)
    engine = engine_of(settings.database)
    try:
        factory = make_session_factory(engine)
        if name == "outbox":
            queued, delivery = 0, deliver_pending(factory, settings)
        elif name == "escalation":
            queued, delivery = run_escalation(factory, settings, clock.utc_now())
        else:
            report = run_job(name, day, factory, settings)
            queued, delivery = report.queued, report.delivery
    finally:
        engine.dispose()
    if as_json:
        click.echo(json.dumps({"job": name, "date": day.isoformat(), "queued": queued,
                               "sent": delivery.sent, "retried": delivery.retried,
                               "failed": delivery.failed}))
        return
    click.echo(f"Tâche {name} du {day:%d/%m/%Y} : {queued} notification(s) mise(s) en file, "
               f"{delivery.sent} courriel(s) envoyé(s), {delivery.retried} à réessayer, "
               f"{delivery.failed} en échec.")
