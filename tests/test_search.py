"""Korean search: morphemes in the index, particles and endings dropped from queries."""

from __future__ import annotations

import pytest
from conftest import doc_ids, search_index, serve
from paper_reviews.search_ko import language as search_ko
from paper_reviews.search_ko import morphology
from paper_reviews.search_ko.language import ENDINGS, SearchKorean
from paper_reviews.search_ko.morphology import Analyser, analyse, load_kiwi, morphemes


@pytest.fixture(scope="module")
def korean():
    yield SearchKorean({})
    search_ko.close_analyser(None, None)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def kiwi():
    return load_kiwi()


def indexed(korean, text: str) -> set[str]:
    return {korean.stem(w) for w in korean.split(text) if korean.word_filter(korean.stem(w))}


def test_stems_are_indexed_beside_the_words_as_written(korean):
    words = indexed(
        korean, "mini batch에 기반하여 정규화한다. 여러 모델을 앙상블하는 대신 학습을 한다."
    )
    assert {"기반", "정규화", "앙상블", "학습", "모델"} <= words
    assert {"기반하여", "정규화한다", "앙상블하는", "학습을"} <= words  # as written too
    assert {"batch", "mini"} <= words  # English words inside Korean text


def test_english_text_is_split_and_stemmed_as_in_english(korean):
    assert indexed(korean, "Normalization layers") == {"normal", "layer"}
    # English stop words are left out, as Sphinx's English search leaves them out.
    assert indexed(korean, "the layers of a network and its layer의") == {
        "layer",
        "network",
        "layer의",
    }


def test_a_noun_and_its_suffix_make_one_word(kiwi):
    assert "정규화" in morphemes(kiwi.tokenize("정규화한다"))


WORDS = "정규화한다 기반하여 앙상블하는 학습을 불확실성을 모델이 차이 layer의".split()


def test_the_analyser_process_gives_what_kiwi_gives_here(kiwi):
    analyser = Analyser()
    try:
        analyser.send(WORDS[:4])  # sent ahead, as before reading
        got = analyser.morphemes(WORDS)  # the rest sent when asked
        assert analyser._child is not None  # a process of its own did the work
    finally:
        analyser.close()
    assert got == analyse(kiwi, WORDS)
    assert analyser._child is None


def test_the_analyser_process_reads_the_files_it_is_sent(kiwi, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# 제목\n\n" + " ".join(WORDS) + "\n", encoding="utf-8")
    analyser = Analyser()
    try:
        analyser.send_files([str(page), str(tmp_path / "missing.md")])
        for done in analyser._files:
            assert done.wait(60)
        assert set(WORDS) <= set(analyser._known)  # found in the file by the process
        assert analyser.morphemes(WORDS) == analyse(kiwi, WORDS)
        assert not analyser._waiting  # no word had to be sent on its own
    finally:
        analyser.close()


def test_words_are_analysed_here_when_the_process_dies(kiwi):
    analyser = Analyser()
    analyser.send(["정규화한다"])
    assert analyser._child is not None
    analyser._child.kill()
    try:
        assert analyser.morphemes(WORDS) == analyse(kiwi, WORDS)
    finally:
        analyser.close()


def test_words_are_analysed_here_when_the_process_cannot_start(kiwi, monkeypatch):
    monkeypatch.setattr(morphology.sys, "executable", "/nonexistent/python")
    analyser = Analyser()
    assert analyser.morphemes(WORDS) == analyse(kiwi, WORDS)
    assert analyser._child is None


@pytest.mark.sphinx("html", testroot="search")
def test_a_build_sends_the_pages_ahead_and_ends_the_process(app, monkeypatch):
    sent: list[str] = []
    started: list[Analyser] = []
    original_send_files = Analyser.send_files

    def send_files(self, paths):
        sent.extend(paths)
        started.append(self)
        return original_send_files(self, paths)

    monkeypatch.setattr(Analyser, "send_files", send_files)
    app.build()
    assert str(app.srcdir / "reviews" / "norm2021.md") in sent  # before reading
    assert len(started) == 1
    assert "정규화한다" in started[0]._known  # found in that page by the process
    assert started[0]._child is None  # ended
    assert search_ko._analyser is None


@pytest.mark.sphinx("html", testroot="search")
def test_the_browser_stemmer_drops_particles_and_endings(app, browser):
    app.build()
    with serve(app.outdir) as base:
        page = browser.new_page()
        page.goto(base + "search.html")
        stems = page.evaluate(
            """words => { const s = new Stemmer(); return words.map(w => s.stemWord(w)); }""",
            [
                "정규화한다",
                "기반하여",
                "앙상블하는",
                "학습을",
                "layer의",
                "차이",
                "모델이",
                "normalization",
                "layers",
            ],
        )
        page.close()
    assert stems == ["정규화", "기반", "앙상블", "학습", "layer", "차이", "모델", "normal", "layer"]
    assert len(ENDINGS[0]) >= len(ENDINGS[-1])  # longest endings are tried first


def results(page) -> list[str]:
    """The titles the search page lists, once its search has finished."""
    page.wait_for_function(
        "() => document.querySelector('#search-results li')"
        " || /\\d/.test(document.querySelector('#search-results')?.textContent ?? '')",
        timeout=15000,
    )
    page.wait_for_timeout(300)
    return page.eval_on_selector_all("#search-results li a", "as => as.map(a => a.textContent)")


@pytest.mark.sphinx("html", testroot="search")
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("기반", "Batch Normalization"),
        ("정규화", "Weight Standardization"),
        ("앙상블", "Deep Ensembles"),
        ("학습", "Curriculum Learning"),
        ("정규화한다", "Weight Standardization"),  # the query's ending is dropped too
        ("layer", "Batch Normalization"),  # an English word inside Korean text
        ("불확실성을", "Deep Ensembles"),  # the summary, shown on the review page
        ("the layer", "Batch Normalization"),  # a stop word is dropped from the query
    ],
)
def test_korean_searches_find_the_right_reviews(app, browser, query, found):
    app.build()
    with serve(app.outdir) as base:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "search.html?q=" + query)
        titles = results(page)
        page.close()
    assert errors == []
    assert found in titles, (query, titles)


def pages_with(index: dict, term: str) -> set[str]:
    return {index["docnames"][i] for i in doc_ids(index["terms"].get(term, []))}


@pytest.mark.sphinx("html", testroot="search")
def test_the_overview_table_is_left_out_of_the_search_index(app):
    """It repeats every summary: the review is the page a summary's words find."""
    app.build()
    index = search_index(app.outdir)
    assert pages_with(index, "불확실성을") == {"reviews/ensemble2020"}
    assert pages_with(index, "uncertainti") == {"reviews/ensemble2020"}  # its tag, stemmed
    assert "index" in index["docnames"]  # the overview page itself is indexed


@pytest.mark.sphinx("html", testroot="search", confoverrides={"language": "en"})
def test_without_korean_search_the_stems_are_not_found(app, browser):
    app.build()
    with serve(app.outdir) as base:
        page = browser.new_page()
        page.goto(base + "search.html?q=정규화")
        titles = results(page)
        page.close()
    assert "Weight Standardization" not in titles


@pytest.mark.sphinx("html", testroot="basic")
def test_the_card_indexes_what_it_says_about_the_paper_not_its_labels(app):
    """A first name, only in the BibTeX, finds the review; the card's labels ("PDF", "Cite
    as") and BibTeX's syntax ("booktitle") would find every review, and find none."""
    app.build()
    index = search_index(app.outdir)
    assert "reviews/ioffe2015batch" in pages_with(index, "sergey")
    assert "reviews/ioffe2015batch" in pages_with(index, "icml")  # its venue
    for label in ("pdf", "cite", "abstract", "booktitl", "author", "inproceed", "unrat"):
        assert not {p for p in pages_with(index, label) if p.startswith("reviews/")}, label
