"""Korean for Sphinx's search: words with their particles and endings are found by their stems.

Sphinx has no Korean search language, so a page saying 기반하여 or 정규화한다 is not
found by 기반 or 정규화. :class:`SearchKorean` indexes, beside each word as written, the
morphemes the Korean analyser Kiwi (kiwipiepy, which ships its model and runs offline)
finds in it: nouns (with their derivational suffix, 정규+화 → 정규화), verb and adjective
stems, and foreign words. In the browser, :data:`JS_STEMMER` (:file:`stemmer.js`) drops
particles and endings from each query word (정규화한다 → 정규화, layer의 → layer) and stems
English words as Sphinx's English search does, so queries meet the index halfway.

Each distinct word is analysed once per build, on its own, by Kiwi in a process of its
own (:mod:`.morphology`): the pages to be read are sent to it before reading starts, so its
model loads and it reads them and analyses their words on the other core while Sphinx
works. What the search costs the build grows with the site's vocabulary, not with its
length.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import snowballstemmer
import sphinx.search
from sphinx.search import SearchLanguage
from sphinx.search.en import SearchEnglish

from paper_reviews.search_ko.morphology import HANGUL, Analyser

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Particles and endings dropped from query words in the browser, longest first.
ENDINGS = sorted(
    """에서는 으로는 에게서 이라고 이라는 으로써 으로서 하였다 되었다 했으며 하면서 하므로 하기에
    에서 에게 으로 하여 하는 한다 했다 하고 하게 하며 하면 하지 하기 되어 되는 된다 되고 이다
    이며 까지 부터 보다 처럼 만큼 라는 라고 에는 에도 과의 와의 들이 들을 들은 들의 적인 적으로
    은 는 이 가 을 를 의 에 로 와 과 도 만 들""".split(),
    key=len,
    reverse=True,
)

_MINIFIED = Path(sphinx.search.__file__).parent / "minified-js"

#: Where the browser's stemmer (:file:`stemmer.js`) takes :data:`ENDINGS`.
_ENDINGS_MARK = "/* ENDINGS */ []"


def _js_stemmer() -> str:
    """The browser's stemmer, :file:`stemmer.js`, with :data:`ENDINGS` written in."""
    code = (Path(__file__).parent / "stemmer.js").read_text(encoding="utf-8")
    if code.count(_ENDINGS_MARK) != 1:
        raise RuntimeError(f"stemmer.js must hold {_ENDINGS_MARK!r} once, for the endings")
    return code.replace(_ENDINGS_MARK, json.dumps(ENDINGS, ensure_ascii=False))


#: The stemmer run on each query word in the browser.
JS_STEMMER = _js_stemmer()


class SearchKorean(SearchLanguage):
    """Korean (with English words inside it) for Sphinx's search index."""

    lang = "ko"
    language_name = "Korean"
    #: English words inside Korean text: "the", "and", ... are left out as in English (the
    #: browser drops them from queries too). Korean particles are no words of their own.
    stopwords = SearchEnglish.stopwords

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.english = snowballstemmer.stemmer("english")
        #: word -> the morphemes indexed beside it (none for a word without Hangul)
        self._extra: dict[str, tuple[str, ...]] = {}
        self.js_stemmer_code = "\n".join(
            (
                (_MINIFIED / "base-stemmer.js").read_text(encoding="utf-8"),
                (_MINIFIED / "english-stemmer.js").read_text(encoding="utf-8"),
                JS_STEMMER,
            )
        )

    def split(self, input: str) -> list[str]:
        words = self._word_re.findall(input)
        if not HANGUL.search(input):
            return words
        extra = self._extra
        found = list(words)
        for word in words:
            more = extra.get(word)
            if more is None:  # a word not seen yet in this build: learn this text's
                self._learn(words)
                return self.split(input)
            if more:
                found += more
        return found

    def _learn(self, words: list[str]) -> None:
        extra = self._extra
        new = [word for word in dict.fromkeys(words) if word not in extra]
        korean = [word for word in new if HANGUL.search(word)]
        extra.update(dict.fromkeys(new, ()))
        if korean:
            extra.update(zip(korean, analyser().morphemes(korean), strict=True))

    def stem(self, word: str) -> str:
        # Remembered for the whole build by searchindex.py.
        return word if HANGUL.search(word) else str(self.english.stemWord(word.lower()))

    def word_filter(self, word: str) -> bool:
        return len(word) > 1 and not word.isdigit() and word not in self.stopwords


#: The analyser of the build under way (one per process: one build at a time).
_analyser: Analyser | None = None
#: Whether the analyser outlives a build (``make live``: the next build needs it at once).
_kept_warm = False


def keep_warm(keep: bool = True) -> None:
    """Keep the analyser's process (and its loaded model) between builds, or stop doing so
    and let it exit now."""
    global _kept_warm
    _kept_warm = keep
    if not keep:
        close_analyser(None, None)


def analyser() -> Analyser:
    global _analyser
    if _analyser is None:
        _analyser = Analyser()
    return _analyser


def indexes_korean(app: Sphinx) -> bool:
    """Whether this build writes a search index in Korean."""
    builder = app.builder
    if builder.format != "html" or not getattr(builder, "search", False):
        return False
    lang = app.config.html_search_language or app.config.language or ""
    languages = sphinx.search.languages
    return languages.get(lang, languages.get(lang.partition("_")[0])) is SearchKorean


def send_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Send the pages about to be read to the analyser, which reads them and analyses their
    Korean words while Sphinx reads (env-before-read-docs). Their paths are sent from here,
    before reading starts, because with ``-j`` Sphinx reads them in other processes, which
    cannot reach the analyser."""
    if not docnames or not indexes_korean(app):
        return
    analyser().send_files([str(env.doc2path(docname)) for docname in sorted(docnames)])


def close_analyser(app: Sphinx | None, exception: BaseException | None) -> None:
    """Let the analyser's process exit (build-finished), unless it is kept warm."""
    global _analyser
    if _analyser is not None and not _kept_warm:
        _analyser.close()
        _analyser = None
