"""Second factor: TOTP (RFC 6238) and single-use recovery codes (ASVS 2.7, 2.8).

The shared secret is shown once, as a QR code drawn here (segno, no external service); a code
is accepted once only (the last accepted time step is stored), within one step of clock drift.
Ten recovery codes are issued at enrolment, stored as argon2 hashes, each usable once.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Sequence

import pyotp
import segno
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from hadcoord.config import Settings
from hadcoord.services import accounts
from hadcoord.store import RecoveryCode, User

ISSUER = "hadcoord"
STEP_S = 30  # RFC 6238 default
RECOVERY_CODES = 10
CODE_DIGITS = 6


def required(user: User, settings: Settings) -> bool:
    """Whether this user must sign in with a second factor ([security].mfa_roles)."""
    if settings.web.demo and not settings.security.mfa_in_demo:
        return False
    return user.role in settings.security.mfa_roles


def new_secret() -> str:
    """A new TOTP secret (base32, 160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, email: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code of ``uri`` as an SVG data URI (drawn locally)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5))


def _matching_step(secret: str, code: str, now: dt.datetime, after_step: int) -> int | None:
    code = code.strip().replace(" ", "")
    if len(code) != CODE_DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_S
    for step in (current - 1, current, current + 1):
        if step > after_step and hmac.compare_digest(totp.at(step * STEP_S), code):
            return step
    return None


def check_enrolment_code(secret: str, code: str, now: dt.datetime) -> int | None:
    """The time step of ``code`` for a secret being enrolled, or None."""
    return _matching_step(secret, code, now, after_step=0)


def enrol(session: Session, user: User, secret: str, step: int,
          now: dt.datetime) -> list[str]:
    """Store the confirmed secret and issue new recovery codes (returned once, in clear)."""
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = secret, now, step
    return new_recovery_codes(session, user)


def new_recovery_codes(session: Session, user: User) -> list[str]:
    """Replace the user's recovery codes by ten new ones (the caller shows them once)."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    for code in codes:
        session.add(RecoveryCode(user_id=user.id, code_hash=accounts.hash_secret(code)))
    session.flush()
    return codes


def verify(session: Session, user: User, code: str, now: dt.datetime) -> str | None:
    """``"totp"`` or ``"recovery"`` if ``code`` signs the user in (then used up), else None."""
    if user.totp_secret is None:
        return None
    step = _matching_step(user.totp_secret, code, now, after_step=user.totp_last_step)
    if step is not None and _claim_step(session, user, step):
        return "totp"
    return "recovery" if _use_recovery_code(session, user, code, now) else None


def _use_recovery_code(session: Session, user: User, code: str, now: dt.datetime) -> bool:
    typed = code.strip().lower()
    if len(typed) != 13 or typed[6] != "-":
        return False
    unused: Sequence[RecoveryCode] = session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all()
    for row in unused:
        try:
            accounts.verify_secret(row.code_hash, typed)
        except (VerificationError, InvalidHashError):
            continue
        # Conditional: of two processes given the same code at once, one signs in.
        claimed = session.execute(update(RecoveryCode).where(
            RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None)).values(used_at=now))
        return bool(claimed.rowcount)  # type: ignore[attr-defined]
    return False


def _claim_step(session: Session, user: User, step: int) -> bool:
    """Mark ``step`` used, unless another process used it (or a later one) meanwhile.

    A conditional UPDATE, not a read-modify-write: the same code sent to two app processes at
    once signs in only once (RFC 6238 §5.2, a code is accepted once).
    """
    claimed = session.execute(update(User).where(
        User.id == user.id, User.totp_last_step < step).values(totp_last_step=step))
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def remaining_recovery_codes(session: Session, user: User) -> int:
    """How many recovery codes the user has left."""
    return len(session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


def reset(session: Session, user: User) -> None:
    """Forget the user's second factor (admin reset): enrolment again at next sign-in."""
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = None, None, 0
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
