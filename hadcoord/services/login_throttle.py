"""Sign-in throttling per account and per client address, in the database (ASVS 2.2.1).

After ``login_delay_after`` consecutive failures each new try must wait a growing delay (1 s,
2 s, 4 s … up to 5 min) after the previous failure; after ``login_lock_after`` the key is locked
for ``login_lock_minutes``. A refused try never reaches argon2 (no CPU for the attacker) and
the answer is the same whether the account exists or not: the account key is the typed
e-mail, known or not. Failures older than ``login_window_minutes`` are forgotten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hadcoord.config.security import SecuritySettings
from hadcoord.store import LoginThrottle

MAX_DELAY_S = 300


@dataclass(frozen=True, slots=True)
class ThrottleKey:
    """A throttled identity: ``key`` stored, ``label`` shown to the admin."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a sign-in may be tried now; else how long to wait and whether it is a lock."""

    allowed: bool
    retry_after_s: int = 0
    locked: bool = False


def keys_for(email: str, address: str, *, known_account: bool) -> tuple[ThrottleKey, ...]:
    """The account key (the typed e-mail, hashed) and the client address key."""
    typed = email.strip().lower()
    label = typed[:254] if known_account else "identifiant inconnu"
    return (ThrottleKey(account_key(typed), label),
            ThrottleKey(f"address:{address[:64]}", f"adresse {address[:64]}"))


def account_key(email: str) -> str:
    """The throttle key of the account typed as ``email`` (the address is not stored)."""
    typed = email.strip().lower()
    return f"account:{hashlib.sha256(typed.encode()).hexdigest()[:40]}"


def delay_s(failures: int, policy: SecuritySettings) -> int:
    """Seconds to wait after ``failures`` consecutive failures (0 below the threshold)."""
    if failures < policy.login_delay_after:
        return 0
    return int(min(MAX_DELAY_S, 2 ** (failures - policy.login_delay_after)))


def check(session: Session, keys: Sequence[ThrottleKey], policy: SecuritySettings,
          now: dt.datetime) -> Verdict:
    """Whether a sign-in may be tried now for these keys."""
    window = dt.timedelta(minutes=policy.login_window_minutes)
    rows = session.scalars(select(LoginThrottle).where(
        LoginThrottle.key.in_([k.key for k in keys]))).all()
    wait, locked = 0, False
    for row in rows:
        if row.locked_until is not None and row.locked_until > now:
            wait = max(wait, int((row.locked_until - now).total_seconds()) + 1)
            locked = True
        elif now - row.last_failure_at < window:
            ready = row.last_failure_at + dt.timedelta(seconds=delay_s(row.failures, policy))
            if ready > now:
                wait = max(wait, int((ready - now).total_seconds()) + 1)
    return Verdict(allowed=wait == 0, retry_after_s=wait, locked=locked)


def record_failure(session: Session, keys: Sequence[ThrottleKey], policy: SecuritySettings,
                   now: dt.datetime) -> list[ThrottleKey]:
    """Count a failure for every key; the keys this failure locked (the caller commits)."""
    window = dt.timedelta(minutes=policy.login_window_minutes)
    newly_locked = []
    for key in keys:
        row = _locked_row(session, key, now)
        if now - row.last_failure_at >= window or (
                row.locked_until is not None and row.locked_until <= now):
            row.failures, row.locked_until = 0, None  # forgotten, or the lock has run out
        row.failures += 1
        row.last_failure_at = now
        row.label = key.label
        if row.failures >= policy.login_lock_after and row.locked_until is None:
            row.locked_until = now + dt.timedelta(minutes=policy.login_lock_minutes)
            newly_locked.append(key)
    session.flush()
    return newly_locked


def _locked_row(session: Session, key: ThrottleKey, now: dt.datetime) -> LoginThrottle:
    """The key's row, locked until the caller commits (created with 0 failures if new).

    Several app processes count failures of one account at once: the row is read ``FOR
    UPDATE`` (PostgreSQL; SQLite has one writer at a time), so no failure is lost to a
    concurrent read-modify-write; a row another process created meanwhile is read again.
    """
    row = session.get(LoginThrottle, key.key, with_for_update=True, populate_existing=True)
    if row is not None:
        return row
    row = LoginThrottle(key=key.key, failures=0, last_failure_at=now, label=key.label)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # created by a concurrent failure: count on top of it
        row = session.get(LoginThrottle, key.key, with_for_update=True, populate_existing=True)
        assert row is not None
    return row


def record_success(session: Session, keys: Sequence[ThrottleKey]) -> None:
    """A successful sign-in clears the account's failures (the address keeps its own)."""
    session.execute(delete(LoginThrottle).where(
        LoginThrottle.key.in_([k.key for k in keys if k.key.startswith("account:")])))


def active_locks(session: Session, now: dt.datetime) -> Sequence[LoginThrottle]:
    """Locks in force now, for the admin."""
    return session.scalars(select(LoginThrottle).where(LoginThrottle.locked_until > now)
                           .order_by(LoginThrottle.locked_until.desc())).all()


def unlock(session: Session, key: str) -> bool:
    """Lift a lock (admin); whether there was one."""
    row = session.get(LoginThrottle, key)
    if row is None:
        return False
    session.delete(row)
    return True
