"""Account management by an administrator (web and CLI): every change is audited.

Deactivating an account, issuing a new password, changing a role or resetting the second
factor also ends the account's open sessions at once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hadcoord import clock
from hadcoord.services import audit, login_throttle, mfa
from hadcoord.services.accounts import AccountError, check_had, create_user, hash_password
from hadcoord.store import AuditEvent, LoginThrottle, Role, User, UserSession


def temporary_password() -> str:
    """A random password to hand over once; it must be changed at the first sign-in."""
    return secrets.token_urlsafe(12)


def end_user_sessions(session: Session, user: User, reason: str) -> None:
    """End every open session of ``user`` (in the caller's transaction)."""
    session.execute(update(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None)).values(
        ended_at=clock.utc_now(), ended_reason=reason))


def find(session: Session, email: str) -> User:
    """The account with this e-mail.

    Raises
    ------
    AccountError
        No such account.
    """
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        msg = f"aucun compte pour « {email.strip()[:254]} »"
        raise AccountError(msg)
    return user


def create(session: Session, actor: User | None, email: str, role: str,
           had_establishment_id: str | None, *, known: Collection[str]) -> tuple[User, str]:
    """A new account with a temporary password (returned once, to be changed at sign-in)."""
    password = temporary_password()
    user = create_user(session, email, role, password, had_establishment_id or None,
                       known=known)
    user.must_change_password = True
    audit.record(session, actor, "account_created", target=user.email,
                 detail=f"rôle {role}" + (f", HAD {had_establishment_id}"
                                          if had_establishment_id else ""))
    return user, password


def set_active(session: Session, actor: User | None, user: User, active: bool) -> None:
    """Deactivate (sessions end at once) or reactivate an account."""
    if actor is not None and actor.id == user.id and not active:
        msg = "vous ne pouvez pas désactiver votre propre compte"
        raise AccountError(msg)
    user.active = active
    if not active:
        end_user_sessions(session, user, "deactivated")
    audit.record(session, actor, "account_activated" if active else "account_deactivated",
                 target=user.email)


def change_role(session: Session, actor: User | None, user: User, role: str,
                had_establishment_id: str | None, *, known: Collection[str]) -> None:
    """Give the account another role and HAD (its sessions end: access changes)."""
    if role not in {r.value for r in Role}:
        msg = f"rôle inconnu « {role[:20]} »"
        raise AccountError(msg)
    had = had_establishment_id or None
    if role == Role.HAD_NURSE and not had:
        msg = "un compte infirmier HAD doit être rattaché à une HAD"
        raise AccountError(msg)
    check_had(had, known)
    before = f"{user.role}/{user.had_establishment_id or '-'}"
    user.role, user.had_establishment_id = Role(role), had if role == Role.HAD_NURSE else None
    end_user_sessions(session, user, "role")
    audit.record(session, actor, "account_role", target=user.email,
                 detail=f"{before} → {user.role}/{user.had_establishment_id or '-'}")


def issue_password(session: Session, actor: User | None, user: User) -> str:
    """A new temporary password (returned once); it must be changed at the next sign-in."""
    password = temporary_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    end_user_sessions(session, user, "password")
    audit.record(session, actor, "password_issued", target=user.email)
    return password


def reset_second_factor(session: Session, actor: User | None, user: User) -> None:
    """Forget a lost second factor: the user enrols again at the next sign-in."""
    mfa.reset(session, user)
    end_user_sessions(session, user, "mfa_reset")
    audit.record(session, actor, "mfa_reset", target=user.email)


def lift_lock(session: Session, actor: User | None, key: str) -> str | None:
    """Lift a sign-in lock (an account's or an address's), audited.

    Its label, or None if no lock was in force (already lifted, or run out).
    """
    row = session.get(LoginThrottle, key[:80])
    if row is None or row.locked_until is None or row.locked_until <= clock.utc_now():
        return None
    label = row.label
    login_throttle.unlock(session, row.key)
    audit.record(session, actor, "login_unlocked", target=label[:255],
                 detail=f"{row.failures} échec(s)")
    return label


def last_logins(session: Session) -> dict[int, dt.datetime]:
    """Each account's latest sign-in, from the audit trail (UTC)."""
    rows = session.execute(select(AuditEvent.user_id, func.max(AuditEvent.at))
                           .where(AuditEvent.action == "login",
                                  AuditEvent.user_id.is_not(None))
                           .group_by(AuditEvent.user_id)).all()
    return {user_id: at for user_id, at in rows if user_id is not None}


def account_locks(users: Iterable[User], locks: Sequence[LoginThrottle]
                  ) -> dict[int, LoginThrottle]:
    """The lock in force on each account that has one (among ``locks``)."""
    by_key = {lock.key: lock for lock in locks}
    found = {user.id: by_key.get(login_throttle.account_key(user.email)) for user in users}
    return {user_id: lock for user_id, lock in found.items() if lock is not None}
