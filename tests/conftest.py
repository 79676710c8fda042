from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOTS = Path(__file__).parent / "roots"
sys.path.insert(0, str(Path(__file__).parents[1] / "_ext"))

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS
