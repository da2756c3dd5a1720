"""User accounts: creation and password check (argon2id, OWASP's first choice)."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord.errors import HadcoordError
from hadcoord.store import Role, User

MIN_PASSWORD_LENGTH = 12  # ANSSI guidance for passwords protecting health data
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
# A hash to compare against when the e-mail is unknown, so timing does not reveal accounts.
_DUMMY_HASH = _hasher.hash("compte-inexistant")


class AccountError(HadcoordError, ValueError):
    """An account cannot be created as asked."""


def check_password(password: str, email: str) -> None:
    """Refuse a weak password (ASVS 2.1.1, 2.1.7).

    Raises
    ------
    AccountError
        Too short, or weak.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        msg = f"mot de passe trop court : {MIN_PASSWORD_LENGTH} caractères au moins"
        raise AccountError(msg)


def create_user(session: Session, email: str, role: str, password: str,
                had_establishment_id: str | None = None) -> User:
    """Create an account; the caller commits.

    Raises
    ------
    AccountError
        Bad e-mail, unknown role, short password, e-mail already used, or an HAD nurse
        without an HAD.
    """
    email = email.strip().lower()
    if not EMAIL.match(email):
        msg = f"adresse e-mail invalide : « {email} »"
        raise AccountError(msg)
    if role not in {r.value for r in Role}:
        msg = f"rôle inconnu « {role} » (rôles : {', '.join(r.value for r in Role)})"
        raise AccountError(msg)
    check_password(password, email)
    if role == Role.HAD_NURSE and not had_establishment_id:
        msg = "un compte infirmier HAD doit être rattaché à une HAD (--had)"
        raise AccountError(msg)
    if session.scalar(select(User).where(User.email == email)) is not None:
        msg = f"un compte existe déjà pour {email}"
        raise AccountError(msg)
    user = User(email=email, role=role, password_hash=_hasher.hash(password),
                had_establishment_id=had_establishment_id)
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Give ``user`` a new password (checked against the policy); the caller commits."""
    check_password(password, user.email)
    user.password_hash = _hasher.hash(password)
    session.add(user)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    return user
