"""All the coverage reference data of territories/, loaded and validated once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from hadcoord.coverage.ars import IMPORTS_FILE, parse_ars_csv, read_imports
from hadcoord.coverage.establishments import read_establishment
from hadcoord.coverage.hospitals import read_hospitals
from hadcoord.coverage.model import Establishment, Hospital, Scenario, StudyArea
from hadcoord.coverage.scenarios import read_scenario
from hadcoord.coverage.study import in_study, read_study
from hadcoord.errors import ReferenceDataError
from hadcoord.geo import CommuneReference, load_communes

if TYPE_CHECKING:
    from hadcoord.config.sections import ReferenceSettings


@dataclass(frozen=True, eq=False, slots=True)
class Catalogue:
    """Establishments (territories compiled), hospitals, scenarios and the studied area."""

    reference: CommuneReference
    establishments: tuple[Establishment, ...]
    by_id: Mapping[str, Establishment]
    hospitals: tuple[Hospital, ...]
    scenarios: Mapping[str, Scenario]
    study: StudyArea
    studied: frozenset[str]
    covering: Mapping[str, tuple[str, ...]]
    territories_dir: Path


def _with_ars_list(establishment: Establishment, ars_dir: Path, reference: CommuneReference,
                   ids: set[str], imported_on: Mapping[str, dt.date]) -> Establishment:
    path = ars_dir / f"{establishment.id}.csv"
    if not path.exists():
        return establishment
    imported = parse_ars_csv(path.read_text(encoding="utf-8"), str(path), reference, ids)
    if set(imported.territories) != {establishment.id}:
        msg = f"{path} : ne doit contenir que l'établissement {establishment.id}"
        raise ReferenceDataError(msg)
    return dataclasses.replace(establishment, territory=imported.territories[establishment.id],
                               territory_source=str(path),
                               territory_imported_on=imported_on.get(establishment.id))


def load_catalogue(territories_dir: Path, reference: CommuneReference) -> Catalogue:
    """Read and validate every file of ``territories_dir`` (not cached).

    Raises
    ------
    ReferenceDataError
        A file is missing or malformed; the message names the file, the key and the line.
    """
    folder = territories_dir / "establishments"
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        msg = f"{folder} : aucun fichier d'établissement (*.toml)"
        raise ReferenceDataError(msg)
    added = sorted((territories_dir / "ars" / "establishments").glob("*.toml"))
    ids = {path.stem for path in (*paths, *added)}
    for path in added:
        if (folder / path.name).exists():
            msg = f"{path} : « {path.stem} » est déjà un établissement de la thèse"
            raise ReferenceDataError(msg)
    imported_on = {ident: day for ident, (day, _file)
                   in read_imports(territories_dir / "ars" / IMPORTS_FILE).items()}
    establishments = tuple(
        _with_ars_list(read_establishment(path, reference), territories_dir / "ars", reference, ids,
                       imported_on)
        for path in paths) + tuple(
        dataclasses.replace(read_establishment(path, reference), added_by_ars=True,
                            territory_imported_on=imported_on.get(path.stem))
        for path in added)
    scenarios = {s.id: s for s in (read_scenario(p, ids, reference.by_code) for p in
                                   sorted((territories_dir / "scenarios").glob("*.toml")))}
    study = read_study(territories_dir / "study.toml", reference, ids)
    covering: dict[str, list[str]] = defaultdict(list)
    for establishment in establishments:
        for code in establishment.territory:
            covering[code].append(establishment.id)
    return Catalogue(
        reference=reference, establishments=establishments,
        by_id={e.id: e for e in establishments},
        hospitals=read_hospitals(territories_dir / "hospitals.toml", reference),
        scenarios=scenarios, study=study,
        # The thesis's area, plus the territories of the establishments the ARS added.
        studied=frozenset(c.code for c in reference.communes if in_study(c, study)).union(
            *(e.territory for e in establishments if e.added_by_ars)),
        covering={code: tuple(sorted(ids)) for code, ids in covering.items()},
        territories_dir=territories_dir)


@lru_cache(maxsize=4)
def cached_catalogue(territories_dir: Path, communes_file: Path) -> Catalogue:
    """The catalogue of ``territories_dir`` (cached per folder)."""
    return load_catalogue(territories_dir, load_communes(communes_file))


def default_catalogue(settings: ReferenceSettings) -> Catalogue:
    """The catalogue named by ``[reference]`` of the caller's settings (cached per folder)."""
    return cached_catalogue(settings.territories_dir, settings.communes_file)
