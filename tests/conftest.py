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


def read_html(app, docname: str):
    """The built page ``docname`` of ``app`` as a BeautifulSoup tree."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(
        (app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser"
    )


def warnings_of(app) -> list[str]:
    """The build's warning lines, without colour codes."""
    import re

    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]
