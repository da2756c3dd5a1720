"""`hadcoord scheduler`: APScheduler 3.x in its own process, never inside the web app.

The job store is in memory (the APScheduler FAQ: a job store shared by several processes runs
jobs twice); what must survive a restart lives in the database: the ledger of finished runs
(caught up at start) and the notification outbox (emptied every ``outbox_every_seconds``).
"""

from __future__ import annotations

import logging
import signal
from pathlib import Path
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.orm import Session, sessionmaker

from hadcoord import clock
from hadcoord.config import Settings
from hadcoord.errors import HadcoordError
from hadcoord.jobs.runner import (
    job_times,
    run_audit_purge,
    run_escalation,
    run_job,
    runs_to_catch_up,
)
from hadcoord.services.calendars import protocol_of
from hadcoord.services.outbox import deliver_pending
from hadcoord.services.plan_store import refresh_all
from hadcoord.store import engine_of, make_session_factory

log = logging.getLogger("hadcoord.scheduler")
# Red alerts are checked for escalation every minute (the delay itself is in [monitoring]).
ESCALATION_EVERY_SECONDS = 60


def scheduled_run(name: str, factory: sessionmaker[Session], settings: Settings) -> None:
    """What a cron trigger calls: the job for today (local day), logged."""
    day = clock.today()
    report = run_job(name, day, factory, settings)
    log.info("tâche %s du %s : %d notification(s) en file, %d courriel(s) envoyé(s)",
             name, day, report.queued, report.delivery.sent)


def outbox_pass(factory: sessionmaker[Session], settings: Settings) -> None:
    """What the interval trigger calls: send what waits in the outbox."""
    report = deliver_pending(factory, settings)
    if report.sent or report.retried or report.failed:
        log.info("envoi : %d envoyé(s), %d à réessayer, %d en échec",
                 report.sent, report.retried, report.failed)


def escalation_pass(factory: sessionmaker[Session], settings: Settings) -> None:
    """What the escalation trigger calls: red alerts unacknowledged after the delay."""
    queued, delivery = run_escalation(factory, settings, clock.utc_now())
    if queued:
        log.info("escalade : %d notification(s) en file, %d courriel(s) envoyé(s)",
                 queued, delivery.sent)


def audit_purge_pass(factory: sessionmaker[Session], settings: Settings) -> None:
    """What the daily purge trigger calls: the audit events past ``[audit].retention_days``."""
    removed = run_audit_purge(factory, settings, clock.today())
    if removed is not None:
        log.info("purge du journal d'audit : %d événement(s) supprimé(s)", removed)


def backup_folder(settings: Settings) -> Path | None:
    """The nightly backups' folder (relative: from the config file's folder), or None."""
    folder = settings.backup.directory
    if folder is None or not str(folder):
        return None
    return folder if folder.is_absolute() else settings.state_dir / folder


def backup_pass(settings: Settings) -> None:
    """What the nightly trigger calls: a dated backup, then the rotation (``[backup] keep``)."""
    from hadcoord.services.backup import nightly_backup  # noqa: PLC0415 — once a night

    folder = backup_folder(settings)
    if folder is None:
        return
    try:
        written = nightly_backup(settings.database.url, folder, settings.backup.keep,
                                 clock.now())
    except HadcoordError as error:
        log.error("sauvegarde nocturne impossible : %s", error)
        return
    log.info("sauvegarde nocturne : %s", written)


def build_scheduler(factory: sessionmaker[Session], settings: Settings) -> BlockingScheduler:
    """The scheduler: daily jobs, outbox sender, escalation, backup, audit purge.

    The daily jobs at the [jobs] times, the nightly backup ([backup]) and, when a retention
    is set, the audit purge ([audit]).
    """
    zone = clock.zone()
    scheduler = BlockingScheduler(timezone=zone, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": 3600})
    for name, at in job_times(settings).items():
        scheduler.add_job(scheduled_run, CronTrigger(hour=at.hour, minute=at.minute,
                                                     timezone=zone),
                          args=(name, factory, settings), id=name, name=name)
    scheduler.add_job(outbox_pass, IntervalTrigger(seconds=settings.jobs.outbox_every_seconds,
                                                   timezone=zone),
                      args=(factory, settings), id="outbox", name="outbox",
                      next_run_time=clock.now())
    scheduler.add_job(escalation_pass, IntervalTrigger(seconds=ESCALATION_EVERY_SECONDS,
                                                       timezone=zone),
                      args=(factory, settings), id="escalation", name="escalation",
                      next_run_time=clock.now())
    if settings.audit.retention_days:
        hour, minute = (int(part) for part in settings.audit.purge_at.split(":"))
        scheduler.add_job(audit_purge_pass, CronTrigger(hour=hour, minute=minute, timezone=zone),
                          args=(factory, settings), id="audit_purge", name="audit_purge")
    if backup_folder(settings) is not None:
        hour, minute = (int(part) for part in settings.backup.at.split(":"))
        scheduler.add_job(backup_pass, CronTrigger(hour=hour, minute=minute, timezone=zone),
                          args=(settings,), id="backup", name="backup")
    return scheduler


def refresh_plans(factory: sessionmaker[Session], settings: Settings) -> None:
    """At start: store every stale plan (`hadcoord plans refresh`), not in the first page."""
    with factory() as session:
        progress = list(refresh_all(session, protocol_of(settings.protocol)))
    if progress:
        done, total = progress[-1]
        log.info("%d calendrier(s) recalculé(s) sur %d", done, total)


def catch_up(factory: sessionmaker[Session], settings: Settings) -> None:
    """Run the jobs a stopped (or killed) scheduler missed or left unfinished."""
    for name, day in runs_to_catch_up(factory, settings, clock.utc_now()):
        log.info("rattrapage de la tâche %s du %s", name, day)
        report = run_job(name, day, factory, settings)
        log.info("tâche %s du %s : %d notification(s) en file, %d courriel(s) envoyé(s)",
                 name, day, report.queued, report.delivery.sent)


def run_scheduler(settings: Settings) -> None:
    """Catch up, then run the jobs until SIGTERM or SIGINT."""
    clock.configure(settings.jobs.timezone)
    engine = engine_of(settings.database)
    factory = make_session_factory(engine)
    scheduler = build_scheduler(factory, settings)

    def stop(_signum: int, _frame: FrameType | None) -> None:
        log.info("arrêt demandé")
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    try:
        refresh_plans(factory, settings)
        catch_up(factory, settings)
        log.info("planificateur démarré : %s", ", ".join(
            f"{name} à {at:%H:%M}" for name, at in job_times(settings).items()))
        scheduler.start()
    except KeyboardInterrupt:
        log.info("arrêt demandé")
    finally:
        engine.dispose()
