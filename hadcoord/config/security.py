"""Settings of sign-in protection (see config.toml [security]; OWASP ASVS 4.0.3 level 2)."""

from __future__ import annotations

from pydantic import Field, field_validator

from hadcoord.config._base import FrozenSection

# Every role that can see a patient (ASVS 2.7/2.8; French health-data practice: strong
# authentication). The ARS role only sees aggregate figures.
PATIENT_ROLES = ("coordinator", "pharmacist", "had_nurse", "admin")


class SecuritySettings(FrozenSection):
    """Login throttling, second factor, API rate limit, request bounds."""

    # ASVS 2.2.1: after this many consecutive failures a growing delay, then a temporary lock.
    login_delay_after: int = Field(default=5, ge=1, le=100)
    login_lock_after: int = Field(default=10, ge=2, le=1000)
    login_lock_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # Failures older than this are forgotten (minutes).
    login_window_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    # ASVS 3.7.1: sensitive account actions ask for the password (and TOTP code) again when
    # the last full sign-in or confirmation is older than this (minutes).
    reauth_minutes: int = Field(default=15, ge=1, le=12 * 60)
    # Roles that must use a TOTP second factor (RFC 6238) outside demo mode.
    mfa_roles: tuple[str, ...] = PATIENT_ROLES
    # In demo mode the second factor is off unless this is true.
    mfa_in_demo: bool = False

    @field_validator("mfa_roles", mode="before")
    @classmethod
    def _roles(cls, value: object) -> object:
        """``HADCOORD_SECURITY_MFA_ROLES=coordinator,admin`` (empty: nobody)."""
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value
    # JSON API: requests per user per minute (429 with Retry-After beyond).
    api_requests_per_minute: int = Field(default=120, ge=1, le=100_000)
    # Calendar feeds (anonymous, by secret URL): requests per client address per minute.
    feed_requests_per_minute: int = Field(default=30, ge=1, le=100_000)
    # Longest accepted query parameter or form field (characters); a commune query is shorter.
    max_field_chars: int = Field(default=2000, ge=100, le=1_000_000)
    max_query_chars: int = Field(default=100, ge=10, le=1000)
    # Request bodies (bytes) and JSON nesting depth.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=64 * 1024 * 1024)
    max_json_depth: int = Field(default=20, ge=2, le=200)
