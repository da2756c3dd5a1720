"""Settings sections of the application shell: database, web, reference data, geography."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from hadcoord.config._base import FrozenSection


class DatabaseSettings(FrozenSection):
    """Where the application stores its data (any SQLAlchemy URL)."""

    url: str = "sqlite:///instance/hadcoord.sqlite3"
    # How long a statement waits for another connection's lock before the request answers
    # 503 « réessayez » (SQLite busy_timeout, PostgreSQL lock_timeout), in milliseconds.
    busy_timeout_ms: int = Field(default=5000, ge=0, le=600_000)


class WebSettings(FrozenSection):
    """The web application and its production server."""

    # Never in the repository: HADCOORD_SECRET_KEY, or a file (mode 0600) named here.
    secret_key: str = ""
    secret_key_file: Path | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=5000, ge=1, le=65535)
    # Demo mode (opt-in: `hadcoord serve --demo`, `make run`): synthetic patients only.
    demo: bool = False
    # Served over HTTPS (behind TLS): Secure + __Host- cookie and HSTS.
    https: bool = False
    # Sessions (ASVS 3.3.2): inactivity limit and absolute lifetime.
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_max_hours: int = Field(default=12, ge=1, le=7 * 24)
    # waitress worker threads of `hadcoord serve` (issue 19: at 50 clients on 2 cores, 4 threads
    # gave a better dashboard p95 than 8 or 32; several processes scale further).
    threads: int = Field(default=8, ge=1, le=64)
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host/-Port headers are
    # believed (werkzeug ProxyFix): 0 = none, the client address is the socket's peer; 1 = one
    # proxy (nginx on the same host). More than the real number lets a client forge its address.
    trusted_proxies: int = Field(default=0, ge=0, le=5)
    # Processes of `hadcoord serve` (gunicorn beyond 1; PostgreSQL only: see deploy/README.md).
    workers: int = Field(default=1, ge=1, le=64)


class ReferenceSettings(FrozenSection):
    """Where the shipped reference data lives (relative paths: from the config file's folder)."""

    territories_dir: Path = Path("territories")

    @property
    def communes_file(self) -> Path:
        """The commune reference (GeoParquet) built by `hadcoord data build-communes`."""
        return self.territories_dir / "communes" / "communes.parquet"


class GeoSettings(FrozenSection):
    """Commune search and distances."""

    # Road distance ≈ great-circle distance × detour factor. 1.3 is the usual circuity of the
    # French road network between rural communes (Boscoe et al. 2012 measured 1.2–1.4 in Europe).
    road_detour_factor: float = Field(default=1.3, ge=1.0, le=3.0)
    search_limit: int = Field(default=10, ge=1, le=200)
    # Below this rapidfuzz score (0–100) a fuzzy name match is not proposed.
    fuzzy_min_score: float = Field(default=75.0, ge=0.0, le=100.0)
