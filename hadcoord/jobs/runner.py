"""The daily jobs: what each queues, run once for a day, and the runs a restart must catch up.

A run queues its notifications and writes its ledger row (`JobRun`) in ONE transaction, then
empties the outbox. Run twice — a restarted or a second scheduler, `hadcoord jobs run` by hand —
it queues nothing new: every notification has a unique dedup key ("<job>:<day>:user<id>:…").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from hadcoord import clock
from hadcoord.config import Settings
from hadcoord.errors import HadcoordError
from hadcoord.services import audit
from hadcoord.services.alerts import escalate, raise_missing_checks
from hadcoord.services.audit_verify import purge_before, purge_limit
from hadcoord.services.calendars import protocol_of
from hadcoord.services.digest import morning_digest, pharmacy_list
from hadcoord.services.digest_text import digest_message, pharmacy_message
from hadcoord.services.due_checks import missing_checks
from hadcoord.services.notifications import (
    EMAIL,
    IN_APP,
    Draft,
    active_users,
    insert_ignoring_duplicates,
    queue,
)
from hadcoord.services.outbox import DeliveryReport, deliver_pending
from hadcoord.services.retry import in_transaction
from hadcoord.store import JobRun, Role

SYSTEM_ACTOR = "planificateur"
Job = Callable[[Session, dt.date, Settings], int]


class UnknownJobError(HadcoordError, LookupError):
    """No job has this name."""


def _morning_digest(session: Session, day: dt.date, settings: Settings) -> int:
    digest = morning_digest(session, day, protocol_of(settings.protocol))
    coordinators = active_users(session, Role.COORDINATOR)
    mail, app = digest_message(digest, names=False), digest_message(digest, names=True)
    key = f"morning_digest:{day.isoformat()}"
    drafts = [Draft(user, EMAIL, *mail, key) for user in coordinators]
    drafts += [Draft(user, IN_APP, *app, key) for user in coordinators]
    queued = queue(session, drafts, email_enabled=settings.smtp.enabled)
    if queued:
        audit.record(session, None, "export", actor=SYSTEM_ACTOR, target="synthèse du matin",
                     detail=f"{day:%d/%m/%Y} : {len(digest.expected)} patient(s) à "
                            f"domicile, {len(coordinators)} destinataire(s)")
    return queued


def _pharmacy_list(session: Session, day: dt.date, settings: Settings) -> int:
    production, lines = pharmacy_list(session, day, protocol_of(settings.protocol))
    subject, body = pharmacy_message(day, production, lines)
    key = f"pharmacy_list:{day.isoformat()}"
    drafts = [Draft(user, channel, subject, body, key)
              for user in active_users(session, Role.PHARMACIST) for channel in (EMAIL, IN_APP)]
    return queue(session, drafts, email_enabled=settings.smtp.enabled)


def _missing_checks(session: Session, day: dt.date, settings: Settings) -> int:
    missing = missing_checks(session, day, protocol_of(settings.protocol))
    return raise_missing_checks(session, missing, day, settings)


JOBS: dict[str, Job] = {
    "morning_digest": _morning_digest,
    "pharmacy_list": _pharmacy_list,
    "missing_checks": _missing_checks,
}
LABELS = {
    "morning_digest": "synthèse du matin (coordination)",
    "pharmacy_list": "liste de préparation de la PUI (prochain jour de production)",
    "missing_checks": "relevés quotidiens manquants (alerte du soir)",
}


@dataclass(frozen=True, slots=True)
class JobReport:
    """One run: notifications newly queued, then what the sender did."""

    job: str
    day: dt.date
    queued: int
    delivery: DeliveryReport


def job_times(settings: Settings) -> dict[str, dt.time]:
    """The local time of each daily job ([jobs] in config.toml)."""
    jobs = settings.jobs
    return {"morning_digest": jobs.morning_digest_at, "pharmacy_list": jobs.pharmacy_list_at,
            "missing_checks": jobs.missing_check_at}


def run_job(name: str, day: dt.date, factory: sessionmaker[Session], settings: Settings,
            *, deliver: bool = True) -> JobReport:
    """Run one job for ``day``: queue (one transaction, ledger included), then send.

    Raises
    ------
    UnknownJobError
        ``name`` is not a job.
    """
    job = JOBS.get(name)
    if job is None:
        msg = f"tâche inconnue « {name} » ; tâches : {', '.join(JOBS)}"
        raise UnknownJobError(msg)

    def work(session: Session) -> int:
        queued = job(session, day, settings)
        insert_ignoring_duplicates(session, JobRun.__table__, [{
            "job": name, "day": day, "key": f"{name}:{day.isoformat()}", "created": queued,
            "finished_at": clock.utc_now()}], JobRun.__table__.c.id)
        return queued

    queued = in_transaction(factory, work)
    delivery = deliver_pending(factory, settings) if deliver else DeliveryReport()
    return JobReport(name, day, queued, delivery)


def run_escalation(factory: sessionmaker[Session], settings: Settings, now: dt.datetime,
                   *, deliver: bool = True) -> tuple[int, DeliveryReport]:
    """Escalate the red alerts unacknowledged after the delay (each once), then send."""
    queued = in_transaction(factory, lambda session: escalate(session, now, settings))
    delivery = deliver_pending(factory, settings) if deliver else DeliveryReport()
    return queued, delivery


def run_audit_purge(factory: sessionmaker[Session], settings: Settings,
                    day: dt.date) -> int | None:
    """The scheduler's daily purge of the audit events older than ``[audit].retention_days``.

    None when no retention is set (the DPO decides: nothing is purged by default) or when the
    purge already ran for ``day`` (the ledger row ``audit_purge:<day>``, inserted in the same
    transaction, is claimed by one scheduler only); else how many events were removed. The
    purge moves the chain's anchor and records itself in the trail (``purge_before``), so
    ``hadcoord audit verify`` still checks every event kept.
    """
    days = settings.audit.retention_days
    if not days:
        return None
    limit = purge_limit(None, days, day)
    key = f"audit_purge:{day.isoformat()}"

    def work(session: Session) -> int | None:
        claimed = insert_ignoring_duplicates(session, JobRun.__table__, [{
            "job": "audit_purge", "day": day, "key": key, "created": 0,
            "finished_at": clock.utc_now()}], JobRun.__table__.c.id)
        if not claimed:
            return None
        with audit.origin(SYSTEM_ACTOR):
            removed = purge_before(session, limit, None, actor=SYSTEM_ACTOR)
        session.execute(update(JobRun).where(JobRun.key == key).values(created=removed))
        return removed

    return in_transaction(factory, work)


def runs_to_catch_up(factory: sessionmaker[Session], settings: Settings,
                     now: dt.datetime) -> list[tuple[str, dt.date]]:
    """(job, day) whose last planned run, within ``catch_up_hours`` of ``now``, is not done."""
    local = clock.to_local(now)
    window = dt.timedelta(hours=settings.jobs.catch_up_hours)
    wanted: list[tuple[str, dt.date]] = []
    for name, at in job_times(settings).items():
        planned = dt.datetime.combine(local.date(), at, tzinfo=local.tzinfo)
        if planned > local:
            planned -= dt.timedelta(days=1)
        if local - planned <= window:
            wanted.append((name, planned.date()))
    keys = [f"{name}:{day.isoformat()}" for name, day in wanted]
    done = set(in_transaction(factory, lambda session: list(session.scalars(
        select(JobRun.key).where(JobRun.key.in_(keys))))))
    return [(name, day) for (name, day), key in zip(wanted, keys, strict=True)
            if key not in done]
