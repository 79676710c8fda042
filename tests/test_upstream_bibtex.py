"""sphinxcontrib-bibtex's own test suite is the judge of bibtex_linear: every upstream test
that passes without it passes with it active in every test project. The suite comes from
the source distribution of the installed version (downloaded once from the package index
into .venv/upstream/)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
from importlib.metadata import version
from pathlib import Path

from conftest import missing

HERE = Path(__file__).parent
CACHE = Path(sys.prefix) / "upstream"


def upstream_suite() -> Path:
    """The unpacked sdist of the installed sphinxcontrib-bibtex (its test/ folder inside)."""
    wanted = version("sphinxcontrib-bibtex")
    unpacked = CACHE / f"sphinxcontrib_bibtex-{wanted}"
    if (unpacked / "test").is_dir():
        return unpacked
    CACHE.mkdir(parents=True, exist_ok=True)
    download = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
         ":all:", f"sphinxcontrib-bibtex=={wanted}", "-d", str(CACHE)],
        capture_output=True, text=True,
    )  # fmt: skip
    archives = sorted(CACHE.glob(f"sphinxcontrib_bibtex-{wanted}.tar.gz"))
    if download.returncode != 0 or not archives:
        missing(f"cannot download sphinxcontrib-bibtex {wanted}'s sources: {download.stderr}")
    with tarfile.open(archives[0]) as archive:
        archive.extractall(CACHE, filter="data")
    return unpacked


def outcomes(suite: Path, *plugin: str) -> dict[str, str]:
    """Each upstream test's outcome (passed, failed, error, …) in one run of the suite."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE / "upstream"), *sys.path]))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", *plugin,
         "test"],
        cwd=suite, capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    found = dict(
        (test, state.lower())
        for state, test in re.findall(
            r"^(PASSED|FAILED|ERROR|XFAIL|XPASS|SKIPPED) (\S+)", run.stdout, re.M
        )
    )
    assert found, run.stdout[-3000:] + run.stderr[-3000:]
    return found


def test_sphinxcontrib_bibtex_own_suite_passes_with_bibtex_linear():
    suite = upstream_suite()
    without = outcomes(suite)
    with_linear = outcomes(suite, "-p", "bibtex_linear_everywhere")
    passed = {test for test, state in without.items() if state == "passed"}
    assert len(passed) > 100  # the suite ran
    broken = sorted(test for test in passed if with_linear.get(test) != "passed")
    assert broken == []
