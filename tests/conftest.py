"""Shared fixtures: the seed corpus in data/raw, and ../shared when it is beside the checkout."""
from __future__ import annotations

from pathlib import Path

import pytest

from rumourlib import paths

SHARED = paths.PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds() -> Path:
    return paths.RAW


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus" / "dev" / "articles").is_dir():
        pytest.skip("../shared is not beside this checkout (the dev corpus and scorer live there)")
    return SHARED


@pytest.fixture(scope="session")
def seed_tables(tmp_path_factory, seeds):
    from rumourlib import pipeline, tables

    out = tmp_path_factory.mktemp("seed-tables")
    pipeline.tag([seeds], out, formats=("csv", "parquet"), progress=False)
    return tables.load_tables(out)
