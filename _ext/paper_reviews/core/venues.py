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

from paper_reviews.core.bibinfo import is_arxiv_venue

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
            "International Conference on Neural Information Processing Systems",
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
            "Conference of the North American Chapter of the Association for Computational "
            "Linguistics on Human Language Technology",
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
        ("AAAI Conference on Artificial Intelligence",),
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
    Venue("ICDE", ("International Conference on Data Engineering",)),
    Venue("PVLDB", ("Proceedings of the VLDB Endowment", "Proc. VLDB Endow.")),
    Venue("ACM MM", ("International Conference on Multimedia", "ACM Multimedia")),
    Venue("ACML", ("Asian Conference on Machine Learning",)),
    Venue("CIKM", ("International Conference on Information and Knowledge Management",)),
    Venue("WSDM", ("International Conference on Web Search and Data Mining",)),
    Venue("ICDM", ("International Conference on Data Mining",)),
    Venue("SDM", ("SIAM International Conference on Data Mining",)),
    Venue(
        "ECML PKDD",
        (
            "ECML",
            "ECML-PKDD",
            "European Conference on Machine Learning and "
            "Principles and Practice of Knowledge Discovery in Databases",
            "Joint European Conference on Machine Learning and Knowledge Discovery in Databases",
            "Machine Learning and Knowledge Discovery in Databases",
        ),
    ),
    Venue("IJCNN", ("International Joint Conference on Neural Networks",)),
    Venue("ICANN", ("International Conference on Artificial Neural Networks",)),
    Venue("ICPR", ("International Conference on Pattern Recognition",)),
    Venue("ICDAR", ("International Conference on Document Analysis and Recognition",)),
    Venue("ISMIR", ("International Society for Music Information Retrieval Conference",)),
    Venue("LREC", ("International Conference on Language Resources and Evaluation",)),
    Venue(
        "EACL",
        ("Conference of the European Chapter of the Association for Computational Linguistics",),
    ),
    Venue(
        "ALT",
        ("International Conference on Algorithmic Learning Theory", "Algorithmic Learning Theory"),
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
    """proceedings procedings proc of the in on and for ieee cvf acm ieee-cvf pmlr jmlr-wcp
    annual track papers vol volume part usa rsj twenty thirty forty fifty""".split()
)
#: The abbreviations of venue names' words (ISO 4, as DBLP and many style files write them).
_ABBREVIATIONS = {
    "adv": "advances",
    "int": "international",
    "conf": "conference",
    "intl": "international",
    "comput": "computer",
    "vis": "vision",
    "recognit": "recognition",
    "recog": "recognition",
    "learn": "learning",
    "represent": "representations",
    "syst": "systems",
    "inf": "information",
    "process": "processing",
    "mach": "machine",
    "intell": "intelligence",
    "artif": "artificial",
    "assoc": "association",
    "linguist": "linguistics",
    "j": "journal",
    "trans": "transactions",
    "res": "research",
    "anal": "analysis",
    "natl": "national",
    "acad": "academy",
    "sci": "sciences",
    "eur": "european",
    "netw": "networks",
    "neur": "neural",
}
_WORD_ORDINAL = re.compile(
    r"^(?:(?:twenty|thirty|forty|fifty)-?)?(?:first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth"
    r"|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth)$"
)
#: "(ACSAC)", "(CVPR'05)", "(LREC 2018)", "(ECML PKDD)": the acronym a name gives itself.
_OWN_ACRONYM = re.compile(
    r"\((?P<acronym>[A-Z*][A-Za-z*]*[A-Z][A-Za-z*]*(?:[ -][A-Z][A-Za-z]*[A-Z][A-Za-z]*)?)"
    r"(?:[-\s]*'?\d{2,4})?\)"
)
#: IEEE Xplore's inverted names: "Computer Vision, 2003. Proceedings. Ninth IEEE
#: International Conference on".
_INVERTED = re.compile(
    r"^(?P<topic>[^,(]+?)\s*(?:\([^)]*\))?,.*?\b(?P<kind>(?:international |joint )*"
    r"(?:conference|symposium|workshop))\s+on\s*$",
    re.I,
)
#: Names that hold a venue's name but are not that venue.
_NOT_THE_VENUE = re.compile(
    r"workshop|companion|tutorial|doctoral|demo|symposium|exploration|explor\.|newsletter"
    r"|newsl\.|forum|technical report|tech\. rep|datasets and benchmarks|competition"
    r"|blog track|tiny papers|\bcup\b|@|nexus|student research",
    re.I,
)
#: Where a venue's name ends and the place, dates or a second venue begin.
_FIRST_PART = re.compile(r"\s*(?:[:,(]|\band (?:the\b|\d+(?:st|nd|rd|th)\b))")
#: What follows an acronym written with its year: "ECCV 2016", "NIPS'17", "ICML 13".
_DATED = re.compile(r"\s*['’]?\d{2}(?:\d{2})?\b")
_FINDINGS = re.compile(r"findings", re.I)
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]|[A-Za-z]")


def normal(name: str) -> str:
    """A venue name reduced to its significant words, lower case: "Proceedings of the 32nd
    International Conference on Machine Learning, {ICML} 2015" → "international conference
    machine learning icml"."""
    name = re.sub(r"[-–—]\s*volume\s*\d+", " ", name, flags=re.I)
    words: list[str] = []
    for word in re.split(r"[\s,.:;()'’{}\[\]/&]+", name.casefold()):
        word = word.strip("-")
        word = _ABBREVIATIONS.get(word, word)
        if not word or word in _FILLER or _ORDINAL.match(word) or word.isdigit():
            continue
        if re.fullmatch(r"\d+\w*|'\d\d", word) or _WORD_ORDINAL.match(word):
            continue
        words.append(word)
    # The ACM's "International Conference on International Conference on Machine Learning".
    for size in (3, 2, 1):
        i = size
        while i + size <= len(words):
            if words[i : i + size] == words[i - size : i]:
                del words[i : i + size]
            else:
                i += 1
    return " ".join(words)


class Venues:
    """The venue table (built-in names plus ``paper_reviews_venues``), ready to match.

    ``extra`` maps a venue name, as entries write it, to the short name to show. A name that
    is one of the table's venues (``"NeurIPS"``, ``"Advances in Neural Information
    Processing Systems"``) changes how that venue is shown, every year; any other name is a
    venue of the site's own, matched before the table, the same forgiving way.
    """

    def __init__(self, extra: Mapping[str, str] | None = None) -> None:
        self._by_name: dict[str, Venue] = {}
        self._acronyms: dict[str, Venue] = {}
        for venue in VENUES:
            for name in (venue.short, *venue.names, *(old for _, old in venue.renamed)):
                self._by_name.setdefault(normal(name), venue)
                if re.fullmatch(r"[A-Z][A-Za-z]*[A-Z]+(?:-[A-Z]+)?", name):
                    self._acronyms[name] = venue
        self._found: dict[str, Venue | None] = {}
        self._own: dict[str, Venue] = {}
        self._shown: dict[str, str] = {}
        for name, short in (extra or {}).items():
            known = self.find(name)
            if known is not None and known.short != ARXIV and normal(name) not in self._own:
                self._shown[known.short] = short
            else:
                own = Venue(short, (name,))
                self._own.setdefault(normal(name), own)
                self._own.setdefault(normal(short), own)
        self._found.clear()

    def find(self, name: str) -> Venue | None:
        """The venue ``name`` stands for, or None (remembered: a site names few venues)."""
        try:
            return self._found[name]
        except KeyError:
            found = self._found[name] = self._find(name)
            return found

    def _find(self, name: str) -> Venue | None:
        if not name.strip():
            return None
        text = " ".join(name.replace("{", "").replace("}", "").split())
        first = _FIRST_PART.split(text, maxsplit=1)[0]
        for key in (normal(text), normal(first)):
            if key in self._own:
                return self._own[key]
        if _NOT_THE_VENUE.search(text):
            # Never its main venue, but a workshop may name itself: "… Workshop on Semantic
            # Evaluation (SemEval-2017)", "… Workshop on Bayesian Optimization (BayesOpt'13)".
            own = _OWN_ACRONYM.search(text)
            workshop = text.casefold().find("workshop")
            if own and 0 <= workshop < own.start() and self._acronym_in(own[1]) is None:
                return Venue(own["acronym"])
            return None
        if is_arxiv_venue(text):
            return Venue(ARXIV)
        if _FINDINGS.search(text):
            # "Findings of the Association for Computational Linguistics: EMNLP 2020"
            main = self._acronym_in(text.split(":", 1)[-1]) or self._acronym_in(text)
            return Venue(f"Findings of {main.short}") if main else None
        # The whole name, or its first part: "Advances in Neural Information Processing
        # Systems 27: Annual Conference on…", "…Learning Representations, {ICLR} 2015, San
        # Diego", a joint conference ("… Linguistics and the 11th International Joint…").
        for key in (normal(text), normal(first)):
            if key in self._by_name:
                return self._by_name[key]
        inverted = _INVERTED.match(text)
        if inverted:
            venue = self._by_name.get(normal(f"{inverted['kind']} on {inverted['topic']}"))
            if venue is not None:
                return venue
        # A name that gives its acronym in brackets: "… (EMNLP)", "(CVPR'05)", and one the
        # table does not know: "Annual Computer Security Applications Conference (ACSAC)".
        own = _OWN_ACRONYM.search(text)
        if own:
            return self._acronym_in(own["acronym"]) or Venue(own["acronym"])
        # A known acronym with a year or in braces, as DBLP and publishers write them:
        # "Computer Vision - {ECCV} 2016 - 14th European Conference", "ICASSP 2013 - …".
        return self._acronym_in(text, dated=True)

    def _acronym_in(self, text: str, dated: bool = False) -> Venue | None:
        """The first known acronym in ``text``; with ``dated``, only one that a year follows
        ("ECCV 2016", "NIPS'17", DBLP's "{ICLR} 2015")."""
        for match in _TOKEN.finditer(text):
            token = match.group()
            if dated and not _DATED.match(text, match.end()):
                continue
            venue = self._acronyms.get(token)
            for part in token.split("-") if venue is None else ():
                venue = venue or self._acronyms.get(part)
            if venue is not None:
                return venue
        return None

    def short(self, name: str, year: int | None = None) -> str:
        """The short name to show: ``NIPS`` for 2014, ``NeurIPS`` for 2019; the name as
        written when the table does not know it."""
        venue = self.find(name)
        if venue is None:
            return " ".join(name.split())
        return self._shown.get(venue.short) or venue.shown(year)

    def group(self, name: str) -> str:
        """The group a venue belongs to (one for every spelling and year)."""
        venue = self.find(name)
        if venue is None:
            return " ".join(name.split())
        return self._shown.get(venue.short, venue.short)


DEFAULT = Venues()
