"""Sites over the bibliographies researchers actually keep: one review per entry of each real
``.bib`` file in tests/data/bib (Google Scholar, DBLP, Zotero, Mendeley and hand-kept files;
their sources are in SOURCES.md), built with the extension and read back as a reader sees
them."""

from __future__ import annotations

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pybtex.errors
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import build_site, located, warnings_of
from paper_reviews.cli import main
from paper_reviews.core import bibsource
from pybtex.database import Entry
from pybtex.database.input.bibtex import Parser

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "bib"

#: Each site: its BibTeX files, in the order conf.py names them.
SITES = {
    "d2l": ["d2l-book-google-scholar.bib"],
    "hpo": ["d2l-hpo-chapter-lab-style.bib"],
    "zotero-nli": ["zotero-nli-qa-exported-items.bib"],
    "zotero-thesis": ["zotero-bayesian-cnn-thesis.bib"],
    "mendeley": ["mendeley-1.8.4-library.bib"],
    "rub": [
        "rub-ml-macros-conferences.bib",
        "rub-ml-macros-journals.bib",
        "rub-ml-publications.bib",
    ],
    "cvpr": ["cvpr-egbib-inline-strings.bib"],
    "gnn": ["icml-example-paper-gnn-crlf-duplicates.bib"],
    "visin": ["phd-thesis-visin-myrefs.bib"],
    "haziq": ["phd-thesis-jamil-haziq.bib"],
}

#: What is really wrong in these files, as the build must report it (file, line, message).
EXPECTED_PROBLEMS = {
    "rub": {
        ("rub-ml-publications.bib", 53, "undefined string in line 53: aabi"),
        ("rub-ml-publications.bib", 61, "undefined string in line 61: interspeech"),
        ("rub-ml-publications.bib", 157, "undefined string in line 157: ida"),
        ("rub-ml-publications.bib", 205, "undefined string in line 205: acl-ijcnlp"),
        ("rub-ml-publications.bib", 221, "undefined string in line 221: esann"),
        ("rub-ml-publications.bib", 237, "undefined string in line 237: aabi"),
    },
    "gnn": {
        ("icml-example-paper-gnn-crlf-duplicates.bib", 113, "crossref = {conf/icml/2019}"),
        ("icml-example-paper-gnn-crlf-duplicates.bib", 307, "also used at line 263"),
        ("icml-example-paper-gnn-crlf-duplicates.bib", 413, "also used at line 373"),
        ("icml-example-paper-gnn-crlf-duplicates.bib", 441, "also used at line 172"),
    },
    "visin": {("phd-thesis-visin-myrefs.bib", 1740, "crossref = {DBLP:conf/icml/2014}")},
}

CONF = """\
extensions = ["myst_parser", "sphinxcontrib.bibtex", "paper_reviews"]
exclude_patterns = ["_build"]
bibtex_bibfiles = {files!r}
bibtex_default_style = "reviews"
bibtex_reference_style = "author_year_round"
html_theme = "basic"
"""

#: Fields whose text is no evidence of where the paper was published.
NOT_EVIDENCE = {"abstract", "file", "keywords", "annote", "annotation", "mendeley-tags"}
ARXIV_ID = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?!\d)")


def make_site(root: Path, files: list[str]) -> list[str]:
    """A site with one review per entry of ``files``; returns the bibkeys."""
    (root / "reviews").mkdir(parents=True)
    (root / "conf.py").write_text(CONF.format(files=files), encoding="utf-8")
    (root / "index.md").write_text(
        "# Papers\n\n```{paper-table}\n```\n\n```{toctree}\n:glob:\n:hidden:\n\nreviews/*\n"
        "references\n```\n",
        encoding="utf-8",
    )
    (root / "references.md").write_text("# References\n\n```{bibliography}\n```\n")
    keys: list[str] = []
    for name in files:
        shutil.copyfile(DATA / name, root / name)
        text = (DATA / name).read_text(encoding="utf-8")
        keys += [entry.key for entry in bibsource.by_key(bibsource.scan(text)).values()]
    keys = list(dict.fromkeys(keys))
    for number, key in enumerate(keys):
        front = yaml.safe_dump(
            {"bibkey": key, "tags": ["Real"], "summary": "요약."}, allow_unicode=True
        )
        page = f"---\n{front}---\n\n# Review {number}\n"
        (root / "reviews" / f"r{number:04d}.md").write_text(page, encoding="utf-8")
    return keys


class Site:
    """One built site, read back: papers.json, each review's card, the overview's rows."""

    def __init__(self, root: Path, app, keys: list[str]) -> None:
        self.root, self.app, self.keys = root, app, keys
        json_text = (app.outdir / "papers.json").read_text(encoding="utf-8")
        self.papers = {p["bibkey"]: p for p in json.loads(json_text)["papers"]}
        overview = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
        self.publication = {
            row["data-bibkey"]: row.select_one('td[data-column="venue"]').get_text(strip=True)
            for row in overview.select(".paper-table tbody tr")
        }
        self.cards: dict[str, BeautifulSoup] = {}
        for number, key in enumerate(keys):
            page = app.outdir / "reviews" / f"r{number:04d}.html"
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            self.cards[key] = soup.select_one(".paper-card")
        self.texts = {}
        self.macros = ""
        self.entries: dict[str, Entry] = {}
        parser = Parser()
        for name in SITES[root.name]:
            text = (root / name).read_text(encoding="utf-8")
            self.macros += "".join(
                re.findall(r"(?ims)^\s*@string\s*[{(].*?[})]\s*$", text)
            )  # for reading card blocks that use them
            for entry in bibsource.scan(text):
                self.texts.setdefault(entry.key.lower(), text[entry.start : entry.end])
            with pybtex.errors.capture():  # the real problems are the build's to report
                parser.parse_string(text)
        self.entries = dict(parser.data.entries)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Site]:
    out = {}
    for name, files in SITES.items():
        root = tmp_path_factory.mktemp("real") / name
        keys = make_site(root, files)
        app = build_site(root, root / "_build")
        out[name] = Site(root, app, keys)
    return out


@pytest.mark.parametrize("name", SITES)
def test_a_site_over_a_real_file_builds_reporting_only_what_is_wrong_in_it(sites, name):
    site = sites[name]
    lines = warnings_of(site.app)
    found = {
        (Path(match["path"]).name, int(match["line"]), match["msg"])
        for match in (
            re.match(r"(?P<path>\S+?):(?P<line>\d+): WARNING: (?P<msg>.*)$", line) for line in lines
        )
        if match
    }
    assert len(found) == len(lines), lines  # every warning has its file and line
    expected = EXPECTED_PROBLEMS.get(name, set())
    for path, line, text in expected:
        assert any((p, n) == (path, line) and text in m for p, n, m in found), (path, line)
    assert len(found) == len(expected), lines
    assert all("[paper.bibtex]" in line for line in lines)
    # paper-reviews check finds the same problems at the same lines.
    out = StringIO()
    main(["-C", str(site.root), "check"], out=out, err=StringIO())
    assert located(out.getvalue().splitlines(), site.root) == located(lines, site.root)


def arxiv_evidence(entry: Entry) -> str | None:
    """An arXiv id the entry's fields give, found without the extension's code: the first
    id-shaped number in an entry whose fields mention arXiv or CoRR."""
    text = " ".join(v for k, v in entry.fields.items() if k.lower() not in NOT_EVIDENCE)
    if not re.search(r"arxiv|\bcorr\b", text.replace("{", "").replace("}", ""), re.I):
        return None
    found = ARXIV_ID.search(text)
    return found.group(1) if found else None


@pytest.mark.parametrize("name", SITES)
def test_every_arxiv_paper_has_its_abstract_and_pdf_links(sites, name):
    site = sites[name]
    expected = {}
    for key in site.keys:
        entry = site.entries.get(key)
        evidence = arxiv_evidence(entry) if entry is not None else None
        if evidence:
            expected[key] = evidence
    for key, arxiv_id in expected.items():
        links = {a.get_text(): a["href"] for a in site.cards[key].select(".paper-links a")}
        assert links.get("arXiv abstract") == f"https://arxiv.org/abs/{arxiv_id}", (key, links)
        assert links.get("PDF") == f"https://arxiv.org/pdf/{arxiv_id}", (key, links)
        assert site.papers[key]["arxiv"] == arxiv_id
        assert site.papers[key]["source"] == f"https://arxiv.org/abs/{arxiv_id}"
    # The count for the textbook's bibliography: 113 arXiv papers.
    if name == "d2l":
        assert len(expected) == 113


#: What the Publication column reads, as a reviewer's own table reads it.
PUBLICATIONS = {
    "d2l": {
        "Dalal.Triggs.2005": "CVPR'05",
        "Goodfellow.Pouget-Abadie.Mirza.ea.2014": "NIPS'14",
        "Paszke.Gross.Massa.ea.2019": "NeurIPS'19",
        "Dean.Corrado.Monga.ea.2012": "NIPS'12",
        "Radosavovic.Kosaraju.Girshick.ea.2020": "CVPR'20",
        "He.Zhang.Ren.ea.2016": "CVPR'16",
        "Mirhoseini.Pham.Le.ea.2017": "ICML'17",
        "Ba.Kiros.Hinton.2016": "arXiv'16",
    },
    "hpo": {
        "snoek-icml15": "ICML'15",
        "dai-nips17": "NIPS'17",
        "he-cvpr16": "CVPR'16",
        "valkov-metaworkshop": "NeurIPS workshop on Meta-Learning 2018'18",
    },
    "visin": {
        "Sutskever2014": "NIPS'14",
        "Krogh92asimple": "NIPS'92",
        "DBLP:conf/nips/MairalKHS14": "NIPS'14",
        "Pascanu2013": "ICML'13",
        "DBLP:journals/corr/Bengio14": "arXiv'14",
    },
    "cvpr": {"mao2019metric": "NeurIPS'19", "advrank": "ECCV'20"},
    "rub": {
        "Däubener2022HowSampling": "NeurIPS'22",
        "Frank2020LeveragingFrequency": "ICML'20",
    },
    "zotero-nli": {"demszky_transforming_2018": "arXiv'18"},
}
#: Long names of the venues the table knows: none may be shown in full.
LONG_NAMES = re.compile(
    r"neural information processing|conference on (machine learning|learning representations)"
    r"|computer vision and pattern recognition|european conference on computer vision"
    r"|^proceedings of the \d+(st|nd|rd|th) international conference on machine",
    re.I,
)


@pytest.mark.parametrize("name", SITES)
def test_publications_read_as_the_reviewers_own_table(sites, name):
    site = sites[name]
    for key, shown in PUBLICATIONS.get(name, {}).items():
        assert site.publication[key] == shown, key
        assert site.papers[key]["publication"] == shown, key
    for key, shown in site.publication.items():
        if "orkshop" not in shown:
            assert not LONG_NAMES.search(shown), (key, shown)


def test_grouping_by_venue_puts_every_spelling_of_neurips_together(sites):
    from paper_reviews.core.venues import DEFAULT

    groups = {
        DEFAULT.group(paper["venue"])
        for site in sites.values()
        for paper in site.papers.values()
        if paper["venue"] in ("NIPS", "NeurIPS")
    }
    assert groups == {"NeurIPS"}
    overview = (sites["d2l"].app.outdir / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(overview, "html.parser")
    keys = ("Goodfellow.Pouget-Abadie.Mirza.ea.2014", "Paszke.Gross.Massa.ea.2019")
    venues = {soup.select_one(f'tr[data-bibkey="{key}"]')["data-venue"] for key in keys}
    assert venues == {"NeurIPS"}


@pytest.mark.parametrize("name", SITES)
def test_the_cards_bibtex_is_the_entry_as_written_less_private_fields(sites, name):
    site = sites[name]
    for key in site.keys:
        block = site.cards[key].select_one("details.paper-bibtex pre")
        if key.lower() not in site.texts or key not in site.entries:
            continue  # an entry pybtex could not read has no card BibTeX to compare
        shown = block.get_text().strip()
        written = site.texts[key.lower()]
        for line in shown.splitlines():
            assert line in written, (key, line)  # nothing rewritten
        # Read by pybtex, the block says what the entry says, less the private fields.
        parser = Parser()
        with pybtex.errors.capture():
            parser.parse_string(site.macros)
            parsed = parser.parse_string(shown).entries[key]
        original = site.entries[key]
        kept = {
            k.lower(): v
            for k, v in original.fields.items()
            if not bibsource.is_private(k, bibsource.PRIVATE_FIELDS)
        }
        assert {k.lower(): v for k, v in parsed.fields.items()} == kept, key
        assert not any(bibsource.is_private(k, bibsource.PRIVATE_FIELDS) for k in parsed.fields), (
            key
        )
        assert {r: [str(p) for p in ps] for r, ps in parsed.persons.items()} == {
            r: [str(p) for p in ps] for r, ps in original.persons.items()
        }, key


def test_no_path_on_the_users_disk_is_published(sites):
    for name in ("zotero-nli", "zotero-thesis", "mendeley"):
        for card in sites[name].cards.values():
            block = card.select_one("details.paper-bibtex pre")
            assert "file" not in re.findall(r"^\s*(\w+)\s*=", block.get_text(), re.M)


@pytest.mark.parametrize("name", SITES)
def test_citations_of_different_papers_read_differently(sites, name):
    site = sites[name]
    seen: dict[str, str] = {}
    for key, card in site.cards.items():
        cite = card.select_one(".paper-cite .bibtex-citation")
        if cite is None:
            continue
        text = " ".join(cite.get_text().split())
        assert text not in seen, (key, seen.get(text), text)
        seen[text] = key


def test_same_authors_same_year_get_letters(sites):
    def cite(site, key):
        return " ".join(site.cards[key].select_one(".paper-cite").get_text().split())

    d2l = sites["d2l"]
    assert cite(d2l, "He.Zhang.Ren.ea.2016") == "Cite as (He et al., 2016a)"
    assert cite(d2l, "He.Zhang.Ren.ea.2016*1") == "Cite as (He et al., 2016b)"
    # Six entries of Vapnik and Chervonenkis, 1974 (the same works under other keys too).
    vapnik = [
        cite(d2l, k) for k in d2l.keys if k.startswith(("Vapnik.Chervonenkis.1974", "VapChe74"))
    ]
    assert sorted(c[-6:] for c in vapnik) == [f"1974{letter})" for letter in "abcdef"]
    haziq = sites["haziq"]
    assert {cite(haziq, "jaynes1957a")[-6:], cite(haziq, "jaynes1957b")[-6:]} == {
        "1957a)",
        "1957b)",
    }


def test_urls_keep_their_tilde_and_entries_without_authors_are_cited_by_title(sites):
    site = sites["zotero-thesis"]
    key = "noauthor_high-level_nodate"
    assert "/~jason/" in site.papers[key]["source"]
    links = site.cards[key].select(".paper-links a")
    assert any("/~jason/" in a["href"] for a in links)
    row = BeautifulSoup(
        (site.app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one(f'tr[data-bibkey="{key}"] td[data-column="source"] a')
    assert "/~jason/" in row["href"]
    cite = site.cards[key].select_one(".paper-cite")
    assert cite.select_one("em") is not None  # the title, in italics, as author–year styles do
