"""The package's layout is its architecture: ``core`` (reviews and bibliography entries)
and ``cli`` (the command) never load Sphinx or docutils, so the command starts quickly and
the data model can be read without the build; the package and its subpackages load nothing
until asked."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import paper_reviews

PACKAGE = Path(paper_reviews.__file__).parent
SPHINX_SIDE = ("sphinx", "docutils", "sphinxcontrib", "myst_parser", "sphinx_design")


def loaded_by(*modules: str) -> set[str]:
    """The top-level packages loaded by importing ``modules`` in a fresh interpreter."""
    code = (
        "import json, sys\n"
        + "".join(f"import {module}\n" for module in modules)
        + "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(run.stdout))


def modules_of(subpackage: str) -> list[str]:
    return [
        f"paper_reviews.{subpackage}.{info.name}"
        for info in pkgutil.iter_modules([str(PACKAGE / subpackage)])
        if info.name != "__main__"
    ]


def test_core_and_the_command_never_load_sphinx():
    modules = ["paper_reviews.core", *modules_of("core"), "paper_reviews.cli", *modules_of("cli")]
    assert len(modules) > 20
    assert loaded_by(*modules).isdisjoint(SPHINX_SIDE)


def test_the_package_loads_nothing_until_sphinx_sets_it_up():
    assert loaded_by("paper_reviews", "paper_reviews.sphinx").isdisjoint(SPHINX_SIDE)


def test_every_module_is_in_a_subpackage():
    top = [info.name for info in pkgutil.iter_modules([str(PACKAGE)]) if not info.ispkg]
    assert top == []
    assert {info.name for info in pkgutil.iter_modules([str(PACKAGE)])} == {
        "cli",
        "core",
        "live",
        "patches",
        "search_ko",
        "sphinx",
    }
