"""What an entry says about its paper, read from every common way of writing it, and the
venue's short name: no Sphinx involved."""

from __future__ import annotations

import pytest
from paper_reviews.core import bibinfo
from paper_reviews.core.bibfile import latex_escape
from paper_reviews.core.latextext import latex_to_text
from paper_reviews.core.venues import DEFAULT, Venues
from pybtex.database import parse_string

#: The same arXiv paper as each exporter writes it (fields as in the files of tests/data/bib).
ARXIV_FORMS = [
    ("Google Scholar", "journal = {arXiv preprint arXiv:1607.06450}", "1607.06450"),
    ("Google Scholar, lower case", "journal = {arxiv:1611.07800}", "1611.07800"),
    ("braced", "journal = {Ar{X}iv:1611.07800}", "1611.07800"),
    ("with category", "journal = {arXiv:1706.03762 [cs.CL]}", "1706.03762"),
    ("DBLP", "journal = {CoRR}, volume = {abs/1503.02531}", "1503.02531"),
    ("DBLP, in one field", "journal = {CoRR abs/1503.02531}", "1503.02531"),
    ("arXiv export", "eprint = {1502.03167}, archivePrefix = {arXiv}", "1502.03167"),
    ("biblatex", "eprint = {1502.03167v3}, eprinttype = {arxiv}", "1502.03167"),
    ("eprint with prefix", "eprint = {arXiv:1502.03167}", "1502.03167"),
    (
        "Zotero",
        "url = {http://arxiv.org/abs/1706.03762}, doi = {10.48550/arXiv.1706.03762}",
        "1706.03762",
    ),
    ("arXiv DOI alone", "doi = {10.48550/ARXIV.1706.03762}", "1706.03762"),
    ("PDF URL with version", "url = {https://arxiv.org/pdf/1706.03762v5.pdf}", "1706.03762"),
    ("howpublished", "howpublished = {\\url{https://arxiv.org/abs/1706.03762}}", "1706.03762"),
    ("old style", "eprint = {hep-th/9901001}, archivePrefix = {arXiv}", "hep-th/9901001"),
    ("old style in a journal", "journal = {arXiv preprint cs/0112017}", "cs/0112017"),
    ("old style with subject class", "journal = {arXiv:math.GT/0309136}", "math.GT/0309136"),
    ("note", "note = {arXiv:1910.10683}", "1910.10683"),
]


@pytest.mark.parametrize(
    ("form", "fields", "arxiv_id"), ARXIV_FORMS, ids=[f[0] for f in ARXIV_FORMS]
)
def test_every_common_form_of_an_arxiv_paper_gives_its_id(form, fields, arxiv_id):
    entry = parse_string(f"@article{{k, title = {{T}}, {fields}}}", "bibtex").entries["k"]
    facts = bibinfo.read(entry.fields)
    assert facts.arxiv_id == arxiv_id
    assert facts.source == f"https://arxiv.org/abs/{arxiv_id}"
    assert facts.doi is None  # arXiv's own DOI is not shown beside the abstract and the PDF


def test_no_arxiv_id_where_the_entry_gives_none():
    for fields in (
        "journal = {Nature}, volume = {521}, doi = {10.1038/nature14539}",
        "eprint = {1502.03167}, archivePrefix = {HAL}",
        "journal = {arXiv preprint}",
        "note = {Published 1607.06450 times}",  # no mention of arXiv
        "url = {https://openreview.net/forum?id=x}",
    ):
        entry = parse_string(f"@article{{k, {fields}}}", "bibtex").entries["k"]
        assert bibinfo.read(entry.fields).arxiv_id is None, fields


def test_urls_and_dois_are_read_as_written_not_as_latex():
    entry = parse_string(
        r"""@misc{k, url = {http://www.columbia.edu/~sd2702/pdfs/a\_b.pdf},
        doi = {https://doi.org/10.1016/j.neunet.2014.09.003}}""",
        "bibtex",
    ).entries["k"]
    facts = bibinfo.read(entry.fields)
    assert facts.url == "http://www.columbia.edu/~sd2702/pdfs/a_b.pdf"
    assert facts.doi == "10.1016/j.neunet.2014.09.003"
    assert facts.source == "https://doi.org/10.1016/j.neunet.2014.09.003"
    # Only http(s) URLs are links.
    bad = parse_string("@misc{k, url = {javascript:alert(1)}}", "bibtex").entries["k"]
    assert bibinfo.read(bad.fields).url is None


def test_year_from_year_or_date_or_the_arxiv_id():
    assert bibinfo.year_of({"date": "2020-05-12"}) == 2020
    assert bibinfo.year_of({"year": "{2016}"}) == 2016
    assert bibinfo.year_of_id("1607.06450") == 2016
    assert bibinfo.year_of_id("hep-th/9901001") == 1999


VENUES = [
    ("Advances in neural information processing systems", 2017, "NIPS", "NeurIPS"),
    ("Advances in Neural Information Processing Systems 32", 2019, "NeurIPS", "NeurIPS"),
    (
        "Advances in Neural Information Processing Systems 27: Annual Conference on Neural "
        "Information Processing Systems 2014, December 8-13 2014, Montreal, Quebec, Canada",
        2014,
        "NIPS",
        "NeurIPS",
    ),
    ("NeurIPS", 2020, "NeurIPS", "NeurIPS"),
    (
        "2005 IEEE computer society conference on computer vision and pattern recognition "
        "(CVPR'05)",
        2005,
        "CVPR",
        "CVPR",
    ),
    (
        "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
        2020,
        "CVPR",
        "CVPR",
    ),
    ("European conference on computer vision", 2016, "ECCV", "ECCV"),
    (
        "Computer Vision - {ECCV} 2016 - 14th European Conference, Amsterdam",
        2016,
        "ECCV",
        "ECCV",
    ),
    (
        "Proceedings of the 32nd International Conference on Machine Learning",
        2015,
        "ICML",
        "ICML",
    ),
    (
        "3rd International Conference on Learning Representations, {ICLR} 2015, San Diego, CA, "
        "USA, May 7-9, 2015, Conference Track Proceedings",
        2015,
        "ICLR",
        "ICLR",
    ),
    ("J. Mach. Learn. Res.", 2014, "JMLR", "JMLR"),
    ("{IEEE} Trans. Pattern Anal. Mach. Intell.", 2018, "TPAMI", "TPAMI"),
    (
        "Proceedings of the 2019 Conference of the North American Chapter of the Association "
        "for Computational Linguistics: Human Language Technologies",
        2019,
        "NAACL",
        "NAACL",
    ),
    ("arXiv preprint arXiv:1607.06450", 2016, "arXiv", "arXiv"),
    ("CoRR", 2015, "arXiv", "arXiv"),
    # Not the main venue, and names the table does not know: shown as written.
    ("ICML 2020 Workshop on Uncertainty", 2020, "ICML 2020 Workshop on Uncertainty", None),
    (
        "Findings of the Association for Computational Linguistics: EMNLP 2020",
        2020,
        "Findings of EMNLP",
        "Findings of EMNLP",
    ),
    (
        "Proceedings of the 59th Annual Meeting of the Association for Computational Linguistics "
        "and the 11th International Joint Conference on Natural Language Processing (Volume 1: "
        "Long Papers)",
        2021,
        "ACL",
        "ACL",
    ),
    ("Proc. Conf. Neural Inf. Process. Syst.", 2019, "NeurIPS", "NeurIPS"),
    ("Proc. IEEE Conf. Comput. Vis. Pattern Recognit.", 2016, "CVPR", "CVPR"),
    (
        "Proceedings of the 25th International Conference on Neural Information Processing "
        "Systems-Volume 1",
        2012,
        "NIPS",
        "NeurIPS",
    ),
    (
        "Proceedings of the 27th International Conference on International Conference on Machine "
        "Learning",
        2010,
        "ICML",
        "ICML",
    ),
    (
        "Computer Vision, 1999. The proceedings of the seventh IEEE international conference on",
        1999,
        "ICCV",
        "ICCV",
    ),
    (
        "Proceedings of the Twenty-Second International Joint Conference on Artificial "
        "Intelligence",
        2011,
        "IJCAI",
        "IJCAI",
    ),
    ("Annual Computer Security Applications Conference (ACSAC)", 2023, "ACSAC", "ACSAC"),
    # A workshop that names itself is shown by its own name, never as its main venue.
    (
        "Proceedings of the 11th International Workshop on Semantic Evaluation (SemEval-2017)",
        2017,
        "SemEval",
        "SemEval",
    ),
    ("International Conference on Machine Learning (ICML) Workshops", 2021, None, None),
    (
        "Proceedings of the 2019 Conference on Empirical Methods in Natural Language Processing "
        "and "
        "the 9th International Joint Conference on Natural Language Processing (EMNLP-IJCNLP)",
        2019,
        "EMNLP",
        "EMNLP",
    ),
    ("Machine Learning", 2001, "Machine Learning", "Machine Learning"),
]


#: Journals, books, symposia, tracks and workshops whose names hold a known venue's name or
#: acronym: shown as written (the first ones are in the files of tests/data/bib).
NOT_A_MAIN_VENUE = [
    "Artificial Intelligence",
    "Web Semantics: Science, Services and Agents on the World Wide Web",
    "SIGKDD Explorations",
    "SIGKDD Explor. Newsl.",
    "AutoML: Methods, Sytems, Challenges",
    "NUT@EMNLP",
    "IEEE Symposium on Security and Privacy (SP) Workshops",
    "Conference on Artificial Intelligence",
    "Artif. Intell.",
    "AAAI Spring Symposium",
    "Proceedings of the AAAI/ACM Conference on AI, Ethics, and Society",
    "AAAI Technical Report",
    "Transactions of the ACL",
    "PNAS Nexus",
    "World Wide Web",
    "SIGIR Forum",
    "KDD Cup",
    "NeurIPS Datasets and Benchmarks Track",
    "Machine Learning",
    "Neural Networks",
    "Pattern Recognition",
]


@pytest.mark.parametrize("name", NOT_A_MAIN_VENUE)
def test_a_name_that_holds_a_venues_name_is_not_that_venue(name):
    assert DEFAULT.short(name, 2020) == name


def test_a_venue_named_in_brackets_wins_over_another_acronym():
    name = (
        "Proceedings of the ACL Conference on Empirical Methods in Natural Language "
        "Processing (EMNLP)"
    )
    assert DEFAULT.short(name, 2013) == "EMNLP"
    assert DEFAULT.short("ICASSP 2013 - 2013 IEEE International Conference", 2013) == "ICASSP"


@pytest.mark.parametrize(("name", "year", "short", "group"), VENUES)
def test_venues_read_as_the_reviewer_writes_them(name, year, short, group):
    assert DEFAULT.short(name, year) == (short or " ".join(name.split()))
    assert DEFAULT.group(name) == (group or " ".join(name.split()))


def test_the_site_adds_and_overrides_venue_names():
    venues = Venues(
        {
            "Workshop on Efficient Learning": "WEL",
            "NeurIPS": "NeurIPS",
            "Conference on Lifelong Learning Agents": "CoLLAs",
        }
    )
    where = "Conference on Lifelong Learning Agents, 22-24 August 2022, McGill University"
    assert venues.short(where, 2022) == "CoLLAs"
    assert venues.short("Proceedings of the 3rd Workshop on Efficient Learning", 2021) == "WEL"
    assert venues.short("NeurIPS", 2014) == "NeurIPS"  # the site's own name, every year
    # Every name of a venue the table knows is shown the site's way.
    assert venues.short("Advances in Neural Information Processing Systems 27", 2014) == "NeurIPS"
    assert venues.group("NIPS") == "NeurIPS"
    assert Venues().short("Advances in Neural Information Processing Systems", 2014) == "NIPS"


def test_plain_text_goes_into_bibtex_and_reads_back_the_same():
    for title in (
        "Sparse $\\ell_1$ & Friends: 50% Faster",
        "A $5 model for $10 #1 ~ok_x x^2",
        "Über {Braces} and \\backslash",
    ):
        field = latex_escape(title)
        entry = parse_string(f"@misc{{k, title = {{{field}}}}}", "bibtex").entries["k"]
        assert latex_to_text(entry.fields["title"]) == title, field
    assert latex_escape("Sparse $\\ell_1$ & Friends: 50% Faster") == (
        "Sparse $\\ell_1$ \\& Friends: 50\\% Faster"
    )


def test_font_commands_in_titles_read_as_their_text():
    assert latex_to_text("\\emph{In vivo} and {\\em in vitro}") == "In vivo and in vitro"


def test_an_id_shaped_number_that_cannot_be_an_arxiv_id_is_not_one():
    # June 2021 ids have five digits after the dot: this is a report number.
    entry = parse_string("@misc{k, note = {Report No. 2106.1234, arxiv.org}}", "bibtex")
    assert bibinfo.read(entry.entries["k"].fields).arxiv_id is None
