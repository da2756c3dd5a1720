"""Letters kept as sent (issue 14): drafts edited before printing, versions frozen when sent.

The text generated from the pathway (``letter_text``) is the starting point; the coordinator
edits it (a draft, editable until sent), prints it and marks it « envoyé » with the day it was
sent. The sent version is never changed again and is what the audit trail records; a later edit
starts a new version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord.clock import utc_now
from hadcoord.errors import HadcoordError
from hadcoord.services import audit
from hadcoord.services.pathways import set_task_status
from hadcoord.store import LetterVersion, Task, User
from hadcoord.vocabulary import TaskStatus
from hadcoord.wording import formats

MAX_TEXT = 20_000
TEXT_FIELD = "letter_text"  # the form field holding the text (its own length bound)


class LetterError(HadcoordError, ValueError):
    """The letter cannot be saved or sent as asked; ``field`` names the field at fault."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def versions(session: Session, task: Task) -> Sequence[LetterVersion]:
    """The task's letter versions, oldest first."""
    return session.scalars(select(LetterVersion).where(LetterVersion.task_id == task.id)
                           .order_by(LetterVersion.number)).all()


def versions_by_task(session: Session, task_ids: Sequence[int]) -> dict[int, list[LetterVersion]]:
    """The letter versions of each of ``task_ids``, oldest first (one query)."""
    found: dict[int, list[LetterVersion]] = {task_id: [] for task_id in task_ids}
    if not task_ids:
        return found
    for version in session.scalars(select(LetterVersion).where(
            LetterVersion.task_id.in_(task_ids)).order_by(LetterVersion.number)):
        found[version.task_id].append(version)
    return found


def state_text(task_versions: Sequence[LetterVersion]) -> str:
    """Where a letter stands, as the pathway page says it.

    « à rédiger » (nothing saved), « brouillon (version N) », « envoyé le JJ/MM/AAAA
    (version N) »; a draft after a sent version names the last one sent.
    """
    if not task_versions:
        return "à rédiger"
    last = task_versions[-1]
    if last.sent and last.sent_on is not None:
        return f"envoyé le {formats.date(last.sent_on)} (version {last.number})"
    text = f"brouillon (version {last.number})"
    sent = [v for v in task_versions if v.sent and v.sent_on is not None]
    if sent and sent[-1].sent_on is not None:
        text += f" — version {sent[-1].number} envoyée le {formats.date(sent[-1].sent_on)}"
    return text


def _check_text(text: str) -> str:
    cleaned = text.replace("\r\n", "\n").strip()
    if not cleaned:
        msg = "Le courrier est vide : rien n'a été enregistré."
        raise LetterError(msg, "text")
    if len(cleaned) > MAX_TEXT:
        msg = f"Le courrier ne peut pas dépasser {formats.integer(MAX_TEXT)} caractères."
        raise LetterError(msg, "text")
    return cleaned


def _draft(session: Session, task: Task, text: str, user: User) -> LetterVersion:
    """The open draft holding ``text``: the last version if unsent, else a new version."""
    existing = versions(session, task)
    last = existing[-1] if existing else None
    if last is not None and not last.sent:
        last.text = text
        return last
    version = LetterVersion(task_id=task.id, number=(last.number + 1) if last else 1,
                            text=text, created_by=user.email)
    session.add(version)
    return version


def save_draft(session: Session, task: Task, text: str, user: User) -> LetterVersion:
    """Keep the edited text as the current draft (audited); the caller commits.

    Raises
    ------
    LetterError
        Empty or too long a text (nothing is saved).
    """
    version = _draft(session, task, _check_text(text), user)
    session.flush()
    audit.record(session, user, "update", patient_id=task.pathway.patient_id, target="courrier",
                 detail=f"{task.title} : brouillon (version {version.number}) enregistré")
    return version


def mark_sent(session: Session, task: Task, text: str, sent_on: dt.date | None, user: User, *,
              today: dt.date) -> LetterVersion:
    """Freeze ``text`` as the version sent on ``sent_on``; the task is done; the caller commits.

    The audit event carries the text as sent (what the trail shows).

    Raises
    ------
    LetterError
        No or a future sending date, an empty text, or the same text as a version already sent.
    """
    if sent_on is None:
        msg = "Indiquez la date d'envoi (JJ/MM/AAAA)."
        raise LetterError(msg, "sent_on")
    if sent_on > today:
        msg = "La date d'envoi est dans le futur."
        raise LetterError(msg, "sent_on")
    cleaned = _check_text(text)
    existing = versions(session, task)
    if existing and existing[-1].sent and existing[-1].text == cleaned:
        msg = (f"Cette version a déjà été envoyée le {formats.date(existing[-1].sent_on or today)}"
               " : modifiez le texte pour en envoyer une nouvelle.")
        raise LetterError(msg, "text")
    version = _draft(session, task, cleaned, user)
    version.sent_on, version.sent_at, version.sent_by = sent_on, utc_now(), user.email
    session.flush()
    audit.record(session, user, "update", patient_id=task.pathway.patient_id, target="courrier",
                 detail=f"{task.title} : version {version.number} envoyée le "
                        f"{formats.date(sent_on)} — texte envoyé : {cleaned}")
    if task.status != TaskStatus.DONE:
        set_task_status(session, task, True, user)
    return version
