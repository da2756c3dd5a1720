"""Settings of running hadcoord in a hospital: the audit trail's retention, backups."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator

from hadcoord.config._base import FrozenSection

# No purge ever removes an event younger than six months: the CNIL's recommendation on logging
# (« recommandation relative aux mesures de journalisation », 2021) keeps such traces six months
# at least (six months to one year in general, up to three years under internal control, longer
# where a legal obligation says so). No French text found sets a figure for an application's
# audit trail of health data: the retention itself is the DPO's choice (no default), this is
# only its floor. 184 days: the longest six calendar months.
MINIMUM_RETENTION_DAYS = 184


class AuditSettings(FrozenSection):
    """The audit trail (issue 16)."""

    # Days an event is kept before `hadcoord audit purge` and the scheduler's nightly purge
    # remove it; 0: no duration set (to be decided by the DPO): no scheduled purge, and the
    # command needs an explicit --before date. Otherwise at least MINIMUM_RETENTION_DAYS.
    retention_days: int = Field(default=0, ge=0, le=36_500)
    # Local time of the scheduler's daily purge (HH:MM), when retention_days is set.
    purge_at: str = Field(default="03:15", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # Events per page of /admin/audit.
    page_size: int = Field(default=100, ge=10, le=1000)

    @field_validator("retention_days")
    @classmethod
    def _not_inside_six_months(cls, value: int) -> int:
        if 0 < value < MINIMUM_RETENTION_DAYS:
            msg = (f"durée de conservation du journal d'audit de {value} jour(s) refusée : "
                   f"au moins six mois ({MINIMUM_RETENTION_DAYS} jours, recommandation de la "
                   "CNIL sur la journalisation), ou 0 (non fixée)")
            raise ValueError(msg)
        return value


class BackupSettings(FrozenSection):
    """The nightly backup job (`hadcoord scheduler`) and `hadcoord db backup`."""

    # Folder of the nightly backups (relative: from the config file's folder, like the
    # database); empty: no nightly backup.
    directory: Path | None = Path("instance/backups")
    # Local time of the nightly backup (HH:MM).
    at: str = Field(default="02:30", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # How many nightly backups are kept (the oldest are removed after a successful one).
    keep: int = Field(default=7, ge=1, le=365)
