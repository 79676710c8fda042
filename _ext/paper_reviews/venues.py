"""Short venue names: "Advances in Neural Information Processing Systems 27" reads NIPS,
"Proceedings of the 32nd International Conference on Machine Learning" reads ICML.

The Publication column reads as a reviewer's own table does (``ICML'15``, ``NIPS'14``,
``ICLR'21``), whichever way the bibliography spells the venue. :class:`Venues` matches the
long names people write — in any case, with "Proceedings of the 32nd", years, "IEEE/CVF",
a trailing "(CVPR'05)", DBLP's "…, {ICLR} 2015, San Diego, …" or its abbreviations
("J. Mach. Learn. Res.") — against :data:`VENUES`, and ``paper_reviews_venues`` in
``conf.py`` adds names or overrides them. A name it does not know is shown as written.

Each venue also has one group key, so grouping by venue puts NIPS'14 and NeurIPS'19 in one
group. Workshops, findings and companion volumes are never read as their main venue.

No Sphinx imports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .bibinfo import is_arxiv_venue

ARXIV = "arXiv"


@dataclass(frozen=True)
class Venue:
    """A venue's short name, the names it is written with, and earlier short names."""

    short: str
    names: tuple[str, ...] = ()
    #: (first year, short name) pairs for a venue renamed: NIPS until 2017, then NeurIPS.
    renamed: tuple[tuple[int, str], ...] = ()

    def shown(self, year: int | None) -> str:
        name = self.short
        for since, older in self.renamed:
            if year is not None and year < since:
                name = older
        return name


#: The venues of machine learning and its neighbours. Each name is matched after
#: :func:`normal` (case, punctuation, "proceedings of the", ordinals, years and publishers'
#: names removed); the short name itself always matches.
VENUES = (
    Venue(
        "NeurIPS",
        (
            "NIPS",
            "Neural Information Processing Systems",
            "Advances in Neural Information Processing Systems",
            "Conference on Neural Information Processing Systems",
            "Adv. Neural Inf. Process. Syst.",
            "Neural Inf. Process. Syst.",
        ),
        renamed=((2018, "NIPS"),),
    ),
    Venue("ICML", ("International Conference on Machine Learning", "Int. Conf. Mach. Learn.")),
    Venue(
        "ICLR",
        ("International Conference on Learning Representations", "Int. Conf. Learn. Represent."),
    ),
    Venue(
        "CVPR",
        (
            "Conference on Computer Vision and Pattern Recognition",
            "Computer Vision and Pattern Recognition",
            "Computer Society Conference on Computer Vision and Pattern Recognition",
            "Conf. Comput. Vis. Pattern Recog.",
            "Comput. Vis. Pattern Recognit.",
        ),
    ),
    Venue("ICCV", ("International Conference on Computer Vision", "Int. Conf. Comput. Vis.")),
    Venue("ECCV", ("European Conference on Computer Vision", "Eur. Conf. Comput. Vis.")),
    Venue(
        "ACL",
        (
            "Annual Meeting of the Association for Computational Linguistics",
            "Meeting of the Association for Computational Linguistics",
            "Association for Computational Linguistics",
        ),
    ),
    Venue(
        "EMNLP",
        (
            "Conference on Empirical Methods in Natural Language Processing",
            "Empirical Methods in Natural Language Processing",
        ),
    ),
    Venue(
        "NAACL",
        (
            "NAACL-HLT",
            "Conference of the North American Chapter of the Association for Computational "
            "Linguistics",
            "North American Chapter of the Association for Computational Linguistics",
        ),
    ),
    Venue("COLING", ("International Conference on Computational Linguistics",)),
    Venue(
        "TACL",
        (
            "Transactions of the Association for Computational Linguistics",
            "Trans. Assoc. Comput. Linguistics",
        ),
    ),
    Venue(
        "AAAI",
        ("AAAI Conference on Artificial Intelligence", "Conference on Artificial Intelligence"),
    ),
    Venue("IJCAI", ("International Joint Conference on Artificial Intelligence",)),
    Venue(
        "AISTATS",
        (
            "International Conference on Artificial Intelligence and Statistics",
            "Artificial Intelligence and Statistics",
        ),
    ),
    Venue(
        "UAI",
        (
            "Conference on Uncertainty in Artificial Intelligence",
            "Uncertainty in Artificial Intelligence",
        ),
    ),
    Venue(
        "COLT",
        (
            "Conference on Learning Theory",
            "Conference on Computational Learning Theory",
            "Computational Learning Theory",
        ),
    ),
    Venue(
        "KDD",
        (
            "SIGKDD",
            "International Conference on Knowledge Discovery and Data Mining",
            "SIGKDD International Conference on Knowledge Discovery and Data Mining",
            "Knowledge Discovery and Data Mining",
        ),
    ),
    Venue("CoRL", ("Conference on Robot Learning",)),
    Venue("ICRA", ("International Conference on Robotics and Automation",)),
    Venue("IROS", ("International Conference on Intelligent Robots and Systems",)),
    Venue("WACV", ("Winter Conference on Applications of Computer Vision",)),
    Venue("BMVC", ("British Machine Vision Conference",)),
    Venue("ICASSP", ("International Conference on Acoustics, Speech and Signal Processing",)),
    Venue(
        "Interspeech",
        ("INTERSPEECH", "Annual Conference of the International Speech Communication Association"),
    ),
    Venue(
        "MICCAI",
        (
            "Medical Image Computing and Computer Assisted Intervention",
            "Medical Image Computing and Computer-Assisted Intervention",
        ),
    ),
    Venue(
        "SIGIR",
        (
            "International ACM SIGIR Conference on Research and Development in "
            "Information Retrieval",
        ),
    ),
    Venue(
        "WWW",
        (
            "The Web Conference",
            "World Wide Web Conference",
            "International Conference on World Wide Web",
        ),
    ),
    Venue("JMLR", ("Journal of Machine Learning Research", "J. Mach. Learn. Res.")),
    Venue("TMLR", ("Transactions on Machine Learning Research", "Trans. Mach. Learn. Res.")),
    Venue(
        "TPAMI",
        (
            "PAMI",
            "Transactions on Pattern Analysis and Machine Intelligence",
            "Trans. Pattern Anal. Mach. Intell.",
        ),
    ),
    Venue(
        "TNNLS",
        (
            "Transactions on Neural Networks and Learning Systems",
            "Trans. Neural Networks Learn. Syst.",
        ),
    ),
    Venue("IJCV", ("International Journal of Computer Vision", "Int. J. Comput. Vis.")),
    Venue("JAIR", ("Journal of Artificial Intelligence Research", "J. Artif. Intell. Res.")),
    Venue("Neural Computation", ("Neural Comput.",)),
    Venue("Nature", ("Nat.",)),
    Venue(
        "Science",
    ),
    Venue("Nature Machine Intelligence", ("Nat. Mach. Intell.",)),
    Venue(
        "PNAS",
        (
            "Proceedings of the National Academy of Sciences",
            "Proc. Natl. Acad. Sci.",
            "National Academy of Sciences",
        ),
    ),
    Venue(
        "Distill",
    ),
)

#: Words that say nothing about which venue: dropped before names are compared.
_FILLER = frozenset(
    """proceedings proc of the in on and for ieee cvf acm ieee-cvf pmlr jmlr-wcp annual
    conference track papers vol volume part usa""".split()
)
#: Names that hold a venue's name but are not that venue.
_NOT_THE_VENUE = re.compile(r"workshop|findings|companion|tutorial|doctoral|demo", re.I)
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]|[A-Za-z]")


def normal(name: str) -> str:
    """A venue name reduced to its significant words, lower case: "Proceedings of the 32nd
    International Conference on Machine Learning, {ICML} 2015" → "international conference
    machine learning icml"."""
    words = []
    for word in re.split(r"[\s,.:;()'’{}\[\]/&]+", name.casefold()):
        word = word.strip("-")
        if not word or word in _FILLER or _ORDINAL.match(word) or word.isdigit():
            continue
        if re.fullmatch(r"\d+\w*|'\d\d", word):
            continue
        words.append(word)
    return " ".join(words)


class Venues:
    """The venue table (built-in names plus ``paper_reviews_venues``), ready to match."""

    def __init__(self, extra: Mapping[str, str] | None = None) -> None:
        self._by_name: dict[str, Venue] = {}
        self._acronyms: dict[str, Venue] = {}
        for venue in VENUES:
            self._add(venue, (venue.short, *venue.names))
            for name in (venue.short, *venue.names, *(old for _, old in venue.renamed)):
                if re.fullmatch(r"[A-Z][A-Za-z]*[A-Z]+(?:-[A-Z]+)?", name):
                    self._acronyms[name] = venue
        self._extra: dict[str, Venue] = {}
        for name, short in (extra or {}).items():
            own = Venue(short, (name, short))
            self._extra[normal(name)] = own
            self._extra.setdefault(normal(short), own)

    def _add(self, venue: Venue, names: tuple[str, ...]) -> None:
        for name in names:
            self._by_name.setdefault(normal(name), venue)
        for _, old in venue.renamed:
            self._by_name.setdefault(normal(old), venue)

    def find(self, name: str) -> Venue | None:
        """The venue ``name`` stands for, or None."""
        if not name.strip():
            return None
        text = name.replace("{", "").replace("}", "")
        key = normal(text)
        if key in self._extra:
            return self._extra[key]
        if _NOT_THE_VENUE.search(text):
            return None
        if is_arxiv_venue(text):
            return Venue(ARXIV, ())
        whole = self._by_name.get(key)
        if whole is not None:
            return whole
        # DBLP and publishers: "Computer Vision - ECCV 2016 - 14th European Conference…",
        # "…, {ICLR} 2015, San Diego, …", "(CVPR'05)": a known acronym as a word.
        for token in _TOKEN.findall(text):
            venue = self._acronyms.get(token)
            if venue is not None:
                return venue
        # "Advances in Neural Information Processing Systems 27: Annual Conference on…":
        # the part before a colon, comma or parenthesis.
        for part in re.split(r"[:,(]", text):
            venue = self._by_name.get(normal(part))
            if venue is not None:
                return venue
        return None

    def short(self, name: str, year: int | None = None) -> str:
        """The short name to show: ``NIPS`` for 2014, ``NeurIPS`` for 2019; the name as
        written when the table does not know it."""
        venue = self.find(name)
        return venue.shown(year) if venue is not None else " ".join(name.split())

    def group(self, name: str) -> str:
        """The group a venue belongs to (one for every spelling and year)."""
        venue = self.find(name)
        return venue.short if venue is not None else " ".join(name.split())


DEFAULT = Venues()
