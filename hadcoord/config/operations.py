"""Settings of running hadcoord in a hospital: the audit trail's retention, backups."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from hadcoord.config._base import FrozenSection


class AuditSettings(FrozenSection):
    """The audit trail (issue 16)."""

    # Days an event is kept before `hadcoord audit purge` may remove it; 0: no duration set
    # (to be decided by the DPO: the purge then needs an explicit --before date).
    retention_days: int = Field(default=0, ge=0, le=36_500)
    # Events per page of /admin/audit.
    page_size: int = Field(default=100, ge=10, le=1000)


class BackupSettings(FrozenSection):
    """The nightly backup job (`hadcoord scheduler`) and `hadcoord db backup`."""

    # Folder of the nightly backups (relative: from the config file's folder, like the
    # database); empty: no nightly backup.
    directory: Path | None = Path("instance/backups")
    # Local time of the nightly backup (HH:MM).
    at: str = Field(default="02:30", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # How many nightly backups are kept (the oldest are removed after a successful one).
    keep: int = Field(default=7, ge=1, le=365)
