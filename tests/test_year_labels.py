"""Two papers by the same authors in the same year read 2016a and 2016b, on every page that
cites them, in incremental and parallel builds as in a fresh one."""

from __future__ import annotations

import re

import pytest
from conftest import build_site, copy_root, fresh_build, read_html, write

#: As Google Scholar exports them (the He et al. pair is in tests/data/bib too).
HE_2016 = """
@inproceedings{he2016deep,
  title={Deep residual learning for image recognition},
  author={He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  booktitle={Proceedings of the IEEE conference on computer vision and pattern recognition},
  pages={770--778},
  year={2016}
}

@inproceedings{he2016identity,
  title={Identity mappings in deep residual networks},
  author={He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  booktitle={European conference on computer vision},
  pages={630--645},
  year={2016},
  organization={Springer}
}
"""


def review(key: str, body: str = "") -> str:
    return f"---\nbibkey: {key}\ntags: [Vision]\nsummary: s\n---\n\n# {key}\n\n{body}\n"


def site(tmp_path):
    srcdir = copy_root(tmp_path)
    bib = srcdir / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + HE_2016, encoding="utf-8")
    write(srcdir / "reviews" / "he2016deep.md", review("he2016deep"))
    write(srcdir / "reviews" / "he2016identity.md", review("he2016identity"))
    notes = srcdir / "notes.md"
    write(notes, notes.read_text(encoding="utf-8") + "\nResNet {cite:p}`he2016deep`.\n")
    return srcdir


def citations(app, docname: str) -> list[str]:
    page = read_html(app, docname)
    return [" ".join(c.get_text().split()) for c in page.select(".bibtex-citation")]


def labels(app) -> dict[str, object]:
    refs = read_html(app, "references")
    return {
        "notes": [c for c in citations(app, "notes") if "He" in c],
        "deep": citations(app, "reviews/he2016deep"),
        "identity": citations(app, "reviews/he2016identity"),
        "references": sorted(
            re.findall(r"\b2016[a-z]?\b", " ".join(p.get_text() for p in refs.select("p")))
        ),
    }


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "-j2"])
def test_same_authors_same_year_are_lettered_everywhere(make_app, tmp_path, parallel):
    srcdir = site(tmp_path)
    app = build_site(srcdir, tmp_path / "build", parallel=parallel)
    assert labels(app) == {
        "notes": ["(He et al., 2016a)"],
        "deep": ["(He et al., 2016a)"],
        "identity": ["(He et al., 2016b)"],
        "references": ["2016a", "2016b"],
    }
    # The card's BibTeX shows the year as written.
    card = read_html(app, "reviews/he2016deep").select_one("details.paper-bibtex pre")
    assert "year={2016}" in card.get_text()

    # The second paper's review goes: the first is the only He et al. 2016 again, on the
    # pages that cite it, though they did not change.
    (srcdir / "reviews" / "he2016identity.md").unlink()
    again = build_site(srcdir, tmp_path / "build", parallel=parallel)
    assert labels(again)["notes"] == ["(He et al., 2016)"]
    fresh = fresh_build(srcdir, tmp_path, "after")
    for docname in ("notes", "reviews/he2016deep", "references"):
        assert citations(again, docname) == citations(fresh, docname), docname
