"""Shared fixtures: the repository root and the seed corpus."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seed_mentions():
    import kzevents

    return kzevents.extract_corpus(ROOT / "data" / "raw")
