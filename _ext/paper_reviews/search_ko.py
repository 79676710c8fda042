"""Korean for Sphinx's search: words with their particles and endings are found by their stems.

Sphinx has no Korean search language, so a page saying 기반하여 or 정규화한다 is not
found by 기반 or 정규화. :class:`SearchKorean` indexes, beside each word as written, the
morphemes the Korean analyser Kiwi (kiwipiepy, which ships its model and runs offline)
finds in it: nouns (with their derivational suffix, 정규+화 → 정규화), verb and adjective
stems, and foreign words. In the browser, :data:`JS_STEMMER` drops particles and endings
from each query word (정규화한다 → 정규화, layer의 → layer) and stems English words as
Sphinx's English search does, so queries meet the index halfway.

Each distinct word is analysed once per build, on its own, and each stem computed once:
what a build costs grows with the site's vocabulary, not with its length (the analyser
needs about 40 µs a word; reading whole paragraphs instead took a tenth of the build).
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Any

import snowballstemmer
import sphinx.search
from sphinx.search import SearchLanguage

HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: Kiwi's tags of the morphemes that are indexed.
INDEXED_TAGS = frozenset(
    {"NNG", "NNP", "NR", "NP", "XR", "SL", "SH", "VV", "VA", "VV-R", "VA-R", "VV-I", "VA-I"}
)
NOUN_TAGS = frozenset({"NNG", "NNP", "XR", "SL"})
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

JS_STEMMER = """
function KoreanStemmer() {
  const english = new EnglishStemmer();
  const endings = %(endings)s;
  const hangul = /[\\uac00-\\ud7a3]/;
  this.stemWord = function (word) {
    if (!hangul.test(word)) return english.stemWord(word);
    for (const ending of endings) {
      /* A one-letter particle is dropped only when two letters remain (차이 stays). */
      const keep = ending.length === 1 ? 2 : 1;
      if (word.endsWith(ending) && word.length - ending.length >= keep) {
        return word.slice(0, word.length - ending.length);
      }
    }
    return word;
  };
}
window.Stemmer = KoreanStemmer;
"""


class SearchKorean(SearchLanguage):
    """Korean (with English words inside it) for Sphinx's search index."""

    lang = "ko"
    language_name = "Korean"

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.english = snowballstemmer.stemmer("english")
        self._analysed: dict[str, list[str]] = {}  # word -> its indexed morphemes
        self._stems: dict[str, str] = {}
        self.js_stemmer_code = "\n".join(
            (
                (_MINIFIED / "base-stemmer.js").read_text(encoding="utf-8"),
                (_MINIFIED / "english-stemmer.js").read_text(encoding="utf-8"),
                JS_STEMMER % {"endings": repr(ENDINGS).replace("'", '"')},
            )
        )

    @cached_property
    def kiwi(self) -> Any:
        from kiwipiepy import Kiwi  # loads its model (about a second), once per build

        return Kiwi()

    def split(self, input: str) -> list[str]:
        words = self._word_re.findall(input)
        if not HANGUL.search(input):
            return words
        korean = [word for word in words if HANGUL.search(word)]
        analysed = self._analysed
        new = list(dict.fromkeys(word for word in korean if word not in analysed))
        if new:  # one call for the text's new words: Kiwi takes a batch at half the cost
            for word, tokens in zip(new, self.kiwi.tokenize(new), strict=True):
                analysed[word] = morphemes(tokens)
        found = list(words)
        for word in korean:
            found.extend(analysed[word])
        return found

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            english = not HANGUL.search(word)
            stem = str(self.english.stemWord(word.lower())) if english else word
            self._stems[word] = stem
        return stem

    def word_filter(self, word: str) -> bool:
        return len(word) > 1 and not word.isdigit()


def morphemes(tokens: list[Any]) -> list[str]:
    """The indexed morphemes of Kiwi's tokens; a noun and the derivational suffix right
    after it are one word (정규 + 화 → 정규화)."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        tag = token.tag
        if tag == "XSN" and i and tokens[i - 1].tag in NOUN_TAGS:
            before = tokens[i - 1]
            if before.start + before.len == token.start:
                out.append(before.form + token.form)
            continue
        if tag in INDEXED_TAGS:
            out.append(token.form)
    return out
