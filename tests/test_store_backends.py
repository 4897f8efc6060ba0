"""The whole pipeline on PostgreSQL gives exactly what it gives on SQLite (and reruns are idempotent)."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLE
from countertrial import pipeline
from countertrial.store import open_store


def _analyze(url: str, out) -> dict[str, str]:
    store = open_store(url)
    try:
        pipeline.analyze(store, EXAMPLE, out)
    finally:
        store.close()
    return {name: (out / name).read_text(encoding="utf-8") for name in ("findings.json", "claims.json", "entities.json")}


@pytest.mark.slow
def test_pipeline_results_do_not_depend_on_the_store(store_url, tmp_path):
    reference = _analyze(f"sqlite:///{tmp_path / 'ref.sqlite'}", tmp_path / "ref")
    got = _analyze(store_url, tmp_path / "got")
    assert got == reference
    assert json.loads(got["findings.json"]), "the example case must give findings"
    # a second run over the same store changes nothing
    again = _analyze(store_url, tmp_path / "again")
    assert again == reference
