"""User accounts: creation and password check (argon2id, OWASP's first choice)."""

from __future__ import annotations

import re
from collections.abc import Collection

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from hadcoord.config import Settings
from hadcoord.coverage.defaults import default_engine
from hadcoord.errors import HadcoordError
from hadcoord.store import Role, User

MIN_PASSWORD_LENGTH = 12  # ANSSI guidance for passwords protecting health data
MAX_PASSWORD_LENGTH = 128  # ASVS 2.1.2 (at least 64 allowed); bounds the argon2 and zxcvbn work
MIN_ZXCVBN_SCORE = 3
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
# A hash to compare against when the e-mail is unknown, so timing does not reveal accounts.
_DUMMY_HASH = _hasher.hash("compte-inexistant")


class AccountError(HadcoordError, ValueError):
    """An account cannot be created as asked."""


def password_problems(password: str, email: str) -> list[str]:
    """Every rule ``password`` breaks, one message each (ASVS 2.1.1, 2.1.2, 2.1.7).

    Empty when the password is accepted.
    At least 12 characters (ANSSI), at most 128; not built on the e-mail; and not guessable:
    zxcvbn (Dropbox's estimator, with its ranked lists of common and leaked passwords, names
    and keyboard patterns) must score it 3 or 4 out of 4 ("safely unguessable"). zxcvbn is
    not run on a password over 128 characters (it bounds its work).
    """
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"mot de passe trop court : {MIN_PASSWORD_LENGTH} caractères au moins")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"mot de passe trop long : {MAX_PASSWORD_LENGTH} caractères au plus")
    email = email.strip().lower()
    local = email.split("@", 1)[0]
    lowered = password.lower()
    if email and (email in lowered or (len(local) >= 4 and local in lowered)):
        problems.append("le mot de passe ne doit pas contenir l'adresse e-mail")
    if len(password) <= MAX_PASSWORD_LENGTH and zxcvbn(
            password, user_inputs=[email, local, "hadcoord"])["score"] < MIN_ZXCVBN_SCORE:
        problems.append("mot de passe trop facile à deviner (mot courant, suite ou répétition) :"
                        " choisissez une phrase de plusieurs mots ou des caractères variés")
    return problems


def check_password(password: str, email: str) -> None:
    """Refuse a weak password (the rules of :func:`password_problems`).

    Raises
    ------
    AccountError
        Too short, too long, containing the e-mail, or too easy to guess (the first of the
        broken rules).
    """
    problems = password_problems(password, email)
    if problems:
        raise AccountError(problems[0])


def known_hads(settings: Settings) -> frozenset[str]:
    """The HAD ids of the reference data (territories/establishments)."""
    return frozenset(default_engine(settings).catalogue.by_id)


def check_had(had_establishment_id: str | None, known: Collection[str] | None) -> None:
    """Refuse an HAD id that is not among ``known`` (None: not checked).

    Raises
    ------
    AccountError
        No such HAD.
    """
    if had_establishment_id is None or known is None:
        return
    if had_establishment_id not in known:
        sample = ", ".join(sorted(known)[:4])
        msg = f"HAD inconnue « {had_establishment_id[:64]} » (par exemple : {sample}…)"
        raise AccountError(msg)


def create_user(session: Session, email: str, role: str, password: str,
                had_establishment_id: str | None = None, *,
                known: Collection[str] | None = None) -> User:
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
    check_had(had_establishment_id, known)
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


def hash_password(password: str) -> str:
    """An argon2id hash of an already checked (or generated) password."""
    return _hasher.hash(password)


def hash_secret(value: str) -> str:
    """An argon2id hash of a secret other than a password (a recovery code)."""
    return _hasher.hash(value)


def verify_secret(hashed: str, value: str) -> None:
    """Check ``value`` against ``hashed`` (raises argon2's VerificationError if wrong)."""
    _hasher.verify(hashed, value)


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
