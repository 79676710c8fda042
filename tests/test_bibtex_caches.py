"""What sphinxcontrib-bibtex's work kept between builds (formatted entries, labels) is kept
by everything that decides it: the styles' code, the tooltips setting, the entry's key and
content. Each test changes one of them and builds again without -E."""

from __future__ import annotations

import os
import time

from conftest import build_site, copy_root, fresh_build, read_html, write


def citation(app, docname: str = "notes") -> list[tuple[str, str | None]]:
    page = read_html(app, docname)
    return [
        (" ".join(c.get_text().split()), (c.find("a") or {}).get("title"))
        for c in page.select(".bibtex-citation")
    ]


def test_tooltips_switched_on_show_at_once(tmp_path):
    srcdir = copy_root(tmp_path)
    off = build_site(srcdir, tmp_path / "build", confoverrides={"bibtex_tooltips": False})
    assert all(title is None for _, title in citation(off))
    on = build_site(srcdir, tmp_path / "build", confoverrides={"bibtex_tooltips": True})
    assert all(title for _, title in citation(on)), citation(on)


def test_two_entries_that_say_the_same_under_two_keys_are_both_cited(tmp_path):
    srcdir = copy_root(tmp_path)
    twin = """
@article{twin2020a,
  title = {The Same Paper},
  author = {Doe, Jane},
  journal = {Nature},
  year = {2020}
}

@article{twin2020b,
  title = {The Same Paper},
  author = {Doe, Jane},
  journal = {Nature},
  year = {2020}
}
"""
    bib = srcdir / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + twin, encoding="utf-8")
    write(srcdir / "notes.md", "# Notes\n\n{cite:p}`twin2020a` and {cite:p}`twin2020b`.\n")
    app = build_site(srcdir, tmp_path / "build")
    texts = [text for text, _ in citation(app)]
    assert texts == ["(Doe, 2020a)", "(Doe, 2020b)"], texts
    fresh = fresh_build(srcdir, tmp_path, "fresh")
    assert citation(app) == citation(fresh)


STYLE = """
from paper_reviews.sphinx.citations import ReviewStyle

MARK = "{mark}"


class MarkedStyle(ReviewStyle):
    def format_title(self, e, which_field, as_sentence=True):
        from pybtex.style.template import field, join, sentence

        title = join[MARK, field(which_field)]
        return sentence[title] if as_sentence else title
"""


def test_an_edited_style_is_used_without_a_clean_build(tmp_path):
    srcdir = copy_root(tmp_path)
    module = srcdir / "markedstyle.py"
    module.write_text(STYLE.format(mark="OLD:"), encoding="utf-8")
    conf = srcdir / "conf.py"
    conf.write_text(
        "import sys, pybtex.plugin\nsys.path.insert(0, __import__('os').path.dirname(__file__))\n"
        + conf.read_text(encoding="utf-8").replace('"reviews"', '"marked"')
        + "\ndef setup(app):\n    import markedstyle\n"
        "    pybtex.plugin.register_plugin('pybtex.style.formatting', 'marked',"
        " markedstyle.MarkedStyle, force=True)\n",
        encoding="utf-8",
    )
    first = build_site(srcdir, tmp_path / "build")
    assert "OLD:" in read_html(first, "references").get_text()
    module.write_text(STYLE.format(mark="NEW:"), encoding="utf-8")
    later = time.time_ns() + 10**9
    os.utime(module, ns=(later, later))
    import importlib
    import sys

    sys.modules.pop("markedstyle", None)
    importlib.invalidate_caches()
    again = build_site(srcdir, tmp_path / "build")
    text = read_html(again, "references").get_text()
    assert "NEW:" in text and "OLD:" not in text


def test_an_edited_entry_changes_its_citations_on_pages_that_did_not_change(make_app, tmp_path):
    srcdir = copy_root(tmp_path)
    build_site(srcdir, tmp_path / "build")
    bib = srcdir / "refs.bib"
    write(bib, bib.read_text(encoding="utf-8").replace("Ioffe, Sergey", "Ioffee, Sergey"))
    again = build_site(srcdir, tmp_path / "build")
    assert citation(again)[0][0] == "(Ioffee and Szegedy, 2015)"
    assert citation(again) == citation(fresh_build(srcdir, tmp_path, "fresh"))
