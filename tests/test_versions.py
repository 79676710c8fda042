"""The versions installed are those the project says: within pyproject.toml's bounds, the
locked ones where `make test` installed from requirements.lock, and each patch verified
with exactly the bounds pyproject.toml allows."""

from __future__ import annotations

import importlib
import os
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version
from paper_reviews.sphinx.extension import PATCHES

ROOT = Path(__file__).parent.parent


def requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {canonicalize_name(r.name): r for r in map(Requirement, listed)}


def locked() -> dict[str, str]:
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pins = (line.split("==") for line in lines if line and not line.startswith("#"))
    return {canonicalize_name(name): pin for name, pin in pins}


def test_installed_versions_are_within_the_bounds():
    for name, requirement in requirements().items():
        assert Version(version(name)) in requirement.specifier, (name, version(name))


def test_installed_versions_are_the_locked_ones():
    """`make test` installs from requirements.lock; `make test-newest` does not, and says so
    in PAPER_REVIEWS_VERSIONS."""
    lock = locked()
    assert set(requirements()) <= set(lock)  # every requirement is pinned
    for name, pin in lock.items():
        if os.environ.get("PAPER_REVIEWS_VERSIONS") != "newest":
            assert version(name) == pin, (name, version(name), pin)


def test_each_patch_is_verified_with_what_pyproject_allows():
    bounds = requirements()
    for patch in PATCHES:
        for name, specifier in importlib.import_module(patch).VERIFIED.items():
            assert bounds[canonicalize_name(name)].specifier == SpecifierSet(specifier), patch
