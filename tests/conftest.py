"""Shared fixtures: where the shared corpus is, stores on SQLite and (when available) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "moscow-trials"
DEV_GOLD = SHARED / "dev-gold" / "moscow-trials-contradictions.json"
EXAMPLE = ROOT / "examples" / "harbour-affair"


def need_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared Moscow-trials corpus is not at {CORPUS} (it lives in ../shared beside the repository)")
    return CORPUS


@pytest.fixture
def corpus_dir() -> Path:
    return need_corpus()


def _pg_url() -> str | None:
    return os.environ.get("COUNTERTRIAL_TEST_PG_URL")


STORE_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=STORE_BACKENDS)
def store_url(request, tmp_path) -> str:
    """A fresh, empty store URL on each backend; PostgreSQL gets its own schema-free database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    base = _pg_url()
    if not base:
        if os.environ.get("CI"):
            pytest.fail("COUNTERTRIAL_TEST_PG_URL is not set in CI: .ci/run must start PostgreSQL")
        pytest.skip("no PostgreSQL server (set COUNTERTRIAL_TEST_PG_URL, as .ci/run does)")
    import sqlalchemy as sa

    name = "ct_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
