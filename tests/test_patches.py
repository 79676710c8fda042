"""The fixes in paper_reviews.patches: each is an extension of its own that works on any
site without the rest of paper_reviews, steps aside on a version it was not verified with,
and keeps what Sphinx shows (warnings with their file and line included)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import build_site, copy_root, read_html, warnings_of
from paper_reviews.sphinx.extension import PATCHES

pytestmark = pytest.mark.slow

#: A site without paper_reviews: reStructuredText, sphinxcontrib-bibtex, a hidden toctree.
PLAIN_SITE = {
    "conf.py": """
extensions = ["sphinxcontrib.bibtex"] + EXTRA
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
""",
    "index.rst": """
Notes
=====

.. toctree::
   :hidden:
   :glob:

   pages/*

Batch normalization :cite:p:`ioffe2015batch` and deep learning :cite:t:`lecun2015deep`.

.. bibliography::
""",
    "pages/one.rst": "One\n===\n\nAgain :cite:p:`ioffe2015batch`.\n",
    "pages/two.rst": "Two\n===\n\nSearchable words: normalization, covariate.\n",
    "refs.bib": """
@inproceedings{ioffe2015batch,
  title = {Batch Normalization: Accelerating Deep Network Training by Reducing Internal
           Covariate Shift},
  author = {Ioffe, Sergey and Szegedy, Christian},
  booktitle = {ICML},
  year = {2015}
}
@article{lecun2015deep,
  title = {Deep learning},
  author = {LeCun, Yann and Bengio, Yoshua and Hinton, Geoffrey},
  journal = {Nature},
  year = {2015}
}
""",
}

#: Builds the site given as argv[1] into argv[2] with the extensions named in argv[3:],
#: then prints the paper_reviews modules the process loaded and what the build said.
BUILD = """
import io, json, sys
from pathlib import Path
from sphinx.application import Sphinx

src, out, *extra = sys.argv[1:]
conf = Path(src) / "conf.py"
conf.write_text(f"EXTRA = {extra!r}\\n" + conf.read_text().split("\\n", 1)[1])
status, warning = io.StringIO(), io.StringIO()
app = Sphinx(src, src, out, out + "/.doctrees", "html", status=status, warning=warning,
             freshenv=True)
app.build()
print(json.dumps({
    "modules": sorted(name for name in sys.modules if name.split(".")[0] == "paper_reviews"),
    "status": status.getvalue(),
    "warnings": warning.getvalue(),
    "domain": type(app.env.get_domain("cite")).__name__,
}))
"""


def build_plain(tmp_path: Path, name: str, *extensions: str, prelude: str = "") -> dict:
    src = tmp_path / name
    for path, text in PLAIN_SITE.items():
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_text("EXTRA = []\n" + text if path == "conf.py" else text)
    run = subprocess.run(
        [sys.executable, "-c", prelude + BUILD, str(src), str(tmp_path / f"{name}-out"),
         *extensions],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.splitlines()[-1])
    out = tmp_path / f"{name}-out"
    result["pages"] = {
        page: re.sub(r"\s+", " ", (out / page).read_text(encoding="utf-8"))
        for page in ("index.html", "pages/one.html", "pages/two.html", "searchindex.js")
    }
    return result


@pytest.mark.parametrize("patch", PATCHES)
def test_each_patch_works_alone_on_a_site_without_paper_reviews(tmp_path, patch):
    upstream = build_plain(tmp_path, "upstream")
    alone = build_plain(tmp_path, "alone", patch)
    # Nothing of paper_reviews is loaded but the patch, its package and the fingerprint.
    allowed = {
        "paper_reviews",
        "paper_reviews.patches",
        patch,
        "paper_reviews.core",
        "paper_reviews.core.fingerprint",
    }
    assert set(alone["modules"]) <= allowed, alone["modules"]
    assert patch in alone["modules"]
    assert alone["warnings"] == upstream["warnings"] == ""
    assert "not verified" not in alone["status"]
    assert alone["pages"] == upstream["pages"]
    if patch.endswith("bibtex_linear"):
        assert alone["domain"] == "LinearBibtexDomain"


#: Every library reads as a version no patch was verified with.
UNVERIFIED = """
import paper_reviews.patches
paper_reviews.patches.installed = lambda distribution: "99.0"
"""


def test_on_an_unverified_version_each_patch_steps_aside_with_one_message(tmp_path):
    upstream = build_plain(tmp_path, "upstream")
    aside = build_plain(tmp_path, "aside", *PATCHES, prelude=UNVERIFIED)
    for patch in PATCHES:
        said = [line for line in aside["status"].splitlines() if line.startswith(patch + ":")]
        assert len(said) == 1, aside["status"]
        assert "not verified with sphinx 99.0 (verified: >=9.0,<10)" in said[0]
        assert "upstream's own code runs instead" in said[0]
    assert aside["domain"] == "BibtexDomain"
    assert aside["warnings"] == ""
    assert aside["pages"] == upstream["pages"]


def test_the_site_builds_with_every_patch_stepped_aside(tmp_path):
    srcdir = copy_root(tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(UNVERIFIED + conf.read_text(encoding="utf-8"), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", str(srcdir),
         str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.count("not verified with") == len(PATCHES), run.stdout
    page = (tmp_path / "out" / "reviews" / "ioffe2015batch.html").read_text(encoding="utf-8")
    assert "Ioffe" in page and "arxiv.org/abs/1502.03167" in page


LEXING = """# Code

Some C that does not lex:

```c
import sys

sys.stdout.write('hello world!\\n')
```
"""


def test_warnings_about_a_written_page_keep_their_file_and_line(tmp_path):
    """Sphinx holds a serial write's warnings until the last page is written; the pages'
    doctrees are released before that, so their locations are taken first."""
    srcdir = copy_root(tmp_path)
    (srcdir / "code.md").write_text(LEXING, encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n```{toctree}\n:hidden:\n\ncode\n```\n")
    app = build_site(srcdir, tmp_path / "build")
    lexing = [line for line in warnings_of(app) if "Lexing literal_block" in line]
    assert len(lexing) == 1, warnings_of(app)
    assert re.match(rf"{re.escape(str(srcdir / 'code.md'))}:5: WARNING", lexing[0]), lexing
    assert read_html(app, "code").select("pre")


def test_patches_name_what_they_replace_and_what_they_were_verified_with():
    import importlib

    for name in PATCHES:
        module = importlib.import_module(name)
        assert module.REPLACES and module.UPSTREAM and module.VERIFIED, name
        assert "sphinx" in module.VERIFIED
        assert textwrap.dedent(module.__doc__ or "").strip()


def test_pre_releases_and_unknown_versions_are_never_verified(monkeypatch):
    import paper_reviews.patches as patches

    for version, verified in [("9.0.4", True), ("9.0.4+local", True), ("9.1.0rc1", False),
                              ("9.0.5.dev1", False), ("10.0.0", False), ("not a version", False),
                              (None, False)]:  # fmt: skip
        monkeypatch.setattr(patches, "installed", lambda distribution, v=version: v)
        assert (patches.unverified({"sphinx": ">=9.0,<10"}) == []) is verified, version
