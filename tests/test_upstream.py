"""Upstream's own test suites are the judge of the fixes in paper_reviews.patches: every
upstream test that passes without them passes with them active in every test project
(tests/upstream/patches_everywhere.py puts them there).

* sphinxcontrib-bibtex: its whole suite, with ``bibtex_linear``.
* Sphinx: the parts covering what ``navigation``, ``searchindex`` and ``memory`` change:
  toctrees and the environment, the search index, the builders (HTML, incremental and
  parallel builds, translated sites). LaTeX compilation and the link checker are left out:
  none of the fixes acts on them, and they take minutes.

Each suite comes from the source distribution of the installed version, downloaded once
from the package index into .venv/upstream/.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import missing

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
CACHE = Path(sys.prefix) / "upstream"

SUITES = {
    # distribution: (the sdist's name, the tests to run, the least number of tests passing
    # and of apps built with the patches: fewer means the suite or the plugin did not run)
    "sphinxcontrib-bibtex": ("sphinxcontrib_bibtex", ["test"], (100, 80)),
    "sphinx": (
        "sphinx",
        [
            "tests/test_builders",
            "--ignore=tests/test_builders/test_build_latex.py",
            "--ignore=tests/test_builders/test_build_linkcheck.py",
            "tests/test_environment",
            "tests/test_search.py",
            "tests/test_application.py",
            "tests/test_intl",
        ],
        (500, 500),
    ),
}


def upstream_suite(distribution: str) -> Path:
    """The unpacked sdist of the installed version of ``distribution``."""
    wanted = version(distribution)
    name = SUITES[distribution][0]
    unpacked = CACHE / f"{name}-{wanted}"
    if (unpacked / "pyproject.toml").is_file() or (unpacked / "setup.py").is_file():
        return unpacked
    CACHE.mkdir(parents=True, exist_ok=True)
    download = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
         ":all:", f"{distribution}=={wanted}", "-d", str(CACHE)],
        capture_output=True, text=True,
    )  # fmt: skip
    archives = sorted(CACHE.glob(f"{name}-{wanted}.tar.gz"))
    if download.returncode != 0 or not archives:
        missing(f"cannot download {distribution} {wanted}'s sources: {download.stderr}")
    with tarfile.open(archives[0]) as archive:
        archive.extractall(CACHE, filter="data")
    return unpacked


def outcomes(suite: Path, tests: list[str], *plugin: str) -> tuple[dict[str, str], str]:
    """Each upstream test's outcome (passed, failed, error, …) in one run of the suite, and
    the run's output."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE / "upstream"), *sys.path]))
    env.pop("CI", None)  # upstream's suites read it for their own purposes
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider",
         "-p", "no:randomly", *plugin, *tests],
        cwd=suite, capture_output=True, text=True, env=env, timeout=1800,
    )  # fmt: skip
    found = {
        test: state.lower()
        for state, test in re.findall(
            r"^(PASSED|FAILED|ERROR|XFAIL|XPASS|SKIPPED) (\S+)", run.stdout, re.M
        )
    }
    assert found, run.stdout[-3000:] + run.stderr[-3000:]
    return found, run.stdout


@pytest.mark.parametrize("distribution", list(SUITES))
def test_upstream_suite_passes_with_the_patches(distribution):
    suite = upstream_suite(distribution)
    _, tests, (least_tests, least_apps) = SUITES[distribution]
    without, _ = outcomes(suite, tests)
    with_patches, output = outcomes(suite, tests, "-p", "patches_everywhere")
    summary = output[-2000:]
    passed = {test for test, state in without.items() if state == "passed"}
    assert len(passed) >= least_tests, summary  # the suite ran
    active = re.search(r"patches active: sphinx apps (\d+), bibtex apps (\d+)", output)
    assert active, summary
    assert int(active[1 if distribution == "sphinx" else 2]) >= least_apps, summary
    broken = sorted(test for test in passed if with_patches.get(test) != "passed")
    assert broken == [], summary
