"""What the pharmacy last saw of each pathway's bags (issue 14: « modifié » after a re-plan).

One row per pathway: the signatures of every bag of its plan when a pharmacist last saw the
list (or acknowledged its changes). A bag whose signature is not among them changed since.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hadcoord.clock import utc_now
from hadcoord.store.database import Base
from hadcoord.store.types import UTCDateTime


class PharmacyView(Base):
    """The bags of a pathway's plan as the pharmacy last saw them."""

    __tablename__ = "pharmacy_views"

    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathways.id", ondelete="CASCADE"),
                                            primary_key=True)
    bags: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of bag signatures
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    seen_by: Mapped[str] = mapped_column(String(254), default="")
