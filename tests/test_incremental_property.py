"""Any sequence of edits to refs.bib, to a citation style's code and to the bibliography's
configuration, built incrementally after each edit, gives the pages a fresh build gives:
citations, their tooltips, labels and the References page included.

What sphinxcontrib-bibtex (and bibtex_linear's caches) keep between builds is decided by
every one of these; an edit that some cache does not see shows here as a page that differs
from a fresh build's.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from conftest import ROOTS, build_examples, build_site, copy_root, pages, read_html, write
from hypothesis import example, given
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

#: A formatting style of the site's own, whose code the edits change.
STYLE = """
from paper_reviews.sphinx.citations import ReviewStyle
from pybtex.style.template import field, join, sentence


class MarkedStyle(ReviewStyle):
    def format_title(self, e, which_field, as_sentence=True):
        title = join[{mark!r}, field(which_field)]
        return sentence[title] if as_sentence else title
"""

CONF = """
import sys
from pathlib import Path

import pybtex.plugin

# Each build imports the style afresh, as a new sphinx-build process does.
sys.path.insert(0, str(Path(__file__).parent))
sys.modules.pop("markedstyle", None)
import markedstyle  # noqa: E402

extensions = ["myst_parser", "sphinxcontrib.bibtex", "paper_reviews"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["dollarmath", "amsmath"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = {style!r}
bibtex_reference_style = {reference_style!r}
bibtex_tooltips = {tooltips!r}
bibtex_tooltips_style = {tooltips_style!r}
html_theme = "basic"


def setup(app):
    pybtex.plugin.register_plugin(
        "pybtex.style.formatting", "marked", markedstyle.MarkedStyle, force=True
    )
"""

#: A second paper by Ioffe and Szegedy in the same year: labels become 2015a / 2015b.
TWIN = """
@article{ioffe2015twin,
  title         = {Another Paper of the Same Year},
  author        = {Ioffe, Sergey and Szegedy, Christian},
  journal       = {Journal of Machine Learning Research},
  year          = {2015}
}
"""

NOTES = """# Notes

Batch normalization {cite:p}`ioffe2015batch` was studied by {cite:t}`dauphin2021deconstructing`.
Both {cite:p}`ioffe2015batch,lecun2015deep`, and the twin {cite:p}`ioffe2015twin`.
"""


@dataclass(frozen=True)
class Project:
    """What the edits change: refs.bib, the style's code, the configuration."""

    author: str = "Ioffe, Sergey"
    year: str = "2015"
    twin: bool = False
    lecun_title: str = "Deep learning"
    beyer: bool = True
    mark: str = ""
    style: str = "marked"
    reference_style: str = "author_year_round"
    tooltips: bool = True
    tooltips_style: str = ""

    def write(self, srcdir: Path, before: Project | None) -> None:
        bib = (ROOTS / "test-basic" / "refs.bib").read_text(encoding="utf-8")
        bib = bib.replace("Ioffe, Sergey", self.author).replace(
            "year          = {2015},\n  eprint        = {1502.03167}",
            f"year          = {{{self.year}}},\n  eprint        = {{1502.03167}}",
        )
        bib = bib.replace("{Deep learning}", "{" + self.lecun_title + "}")
        if not self.beyer:
            bib = bib[: bib.index("@misc{beyer2020done")]
        if self.twin:
            bib += TWIN
        files = {
            "refs.bib": bib,
            "markedstyle.py": STYLE.format(mark=self.mark),
            "conf.py": CONF.format(
                style=self.style,
                reference_style=self.reference_style,
                tooltips=self.tooltips,
                tooltips_style=self.tooltips_style,
            ),
        }
        for name, text in files.items():
            path = srcdir / name
            if before is None or path.read_text(encoding="utf-8") != text:
                write(path, text)


EDITS = st.sampled_from(
    [
        {"author": "Ioffee, Sergey"},
        {"author": "Ioffe, Sergey"},
        {"year": "2016"},
        {"year": "2015"},
        {"twin": True},
        {"twin": False},
        {"lecun_title": "Deep Learning, Revisited"},
        {"beyer": False},
        {"beyer": True},
        {"mark": "OLD: "},
        {"mark": "NEW: "},
        {"style": "reviews"},
        {"style": "marked"},
        {"reference_style": "author_year"},
        {"reference_style": "label"},
        {"tooltips": False},
        {"tooltips": True},
        {"tooltips_style": "plain"},
    ]
)


def citations_shown(app) -> list[tuple[str, str | None]]:
    page = read_html(app, "notes")
    return [
        (" ".join(c.get_text().split()), (c.find("a") or {}).get("title"))
        for c in page.select(".bibtex-citation")
    ]


@build_examples(30)
@given(st.lists(EDITS, min_size=1, max_size=4))
# Found by this test: a bibliography kept the style it was read with.
@example([{"mark": "OLD: "}, {"style": "reviews"}])
# Each cache key in turn: tooltips, the style's code, the labels, the entry's content.
@example([{"tooltips": False}, {"tooltips": True}, {"tooltips_style": "plain"}])
@example([{"mark": "OLD: "}, {"mark": "NEW: "}, {"twin": True}, {"author": "Ioffee, Sergey"}])
@example([{"reference_style": "label"}, {"beyer": False}, {"year": "2016"}, {"beyer": True}])
def test_incremental_builds_after_any_edits_equal_a_fresh_build(edits):
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        srcdir = copy_root(tmp_path)
        write(srcdir / "notes.md", NOTES)
        project = Project()
        project.write(srcdir, None)
        build_site(srcdir, tmp_path / "incremental")
        for step, edit in enumerate(edits):
            before, project = project, replace(project, **edit)
            project.write(srcdir, before)
            incremental = build_site(srcdir, tmp_path / "incremental")
            fresh = build_site(srcdir, tmp_path / f"fresh-{step}")
            assert citations_shown(incremental) == citations_shown(fresh), (edits, step)
            assert pages(incremental.outdir) == pages(fresh.outdir), (edits, step)


def test_the_edits_change_what_the_pages_show(tmp_path):
    """The property is not empty: each kind of edit shows in a fresh build."""
    srcdir = copy_root(tmp_path)
    write(srcdir / "notes.md", NOTES)
    base = Project()
    base.write(srcdir, None)
    shown = citations_shown(build_site(srcdir, tmp_path / "base"))
    references = read_html(build_site(srcdir, tmp_path / "base2"), "references").get_text()
    for i, edit in enumerate(
        [{"author": "Ioffee, Sergey"}, {"twin": True}, {"reference_style": "label"}]
    ):
        project = replace(base, **edit)
        project.write(srcdir, base)
        assert citations_shown(build_site(srcdir, tmp_path / f"c{i}")) != shown, edit
        base.write(srcdir, project)
    project = replace(base, mark="NEW: ")
    project.write(srcdir, base)
    text = read_html(build_site(srcdir, tmp_path / "marked"), "references").get_text()
    assert "NEW:" in text and "NEW:" not in references
    base.write(srcdir, project)
    project = replace(base, tooltips=False)
    project.write(srcdir, base)
    assert all(title is None for _, title in citations_shown(build_site(srcdir, tmp_path / "t")))
