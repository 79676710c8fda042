"""Text from outside written into a review page reads as text: built with Sphinx and MyST,
no script, role, directive or link comes of it."""

from __future__ import annotations

import pytest
from conftest import build_site, copy_root, read_html, warnings_of
from hypothesis import given, settings
from hypothesis import strategies as st
from paper_reviews import markdown

#: What an attacker or a careless export puts in a title or an abstract.
ATTACKS = [
    '<img src=x onerror="alert(1)">',
    "<script>alert(1)</script>",
    "{raw}`<b>x</b>`",
    "[click](javascript:alert(1))",
    "<javascript:alert(1)>",
    ":::{raw} html",
    "```{raw} html",
    "# not a heading",
    "- not a list",
    "*not emphasis* and _not_ either",
    "$\\href{javascript:alert(1)}{x}$",
    "&lt;b&gt; &#60;",
    "a | table | row",
]


def test_attacks_in_titles_and_abstracts_read_as_written(tmp_path):
    srcdir = copy_root(tmp_path)
    page = srcdir / "reviews" / "ioffe2015batch.md"
    front = page.read_text(encoding="utf-8").split("\n# ", 1)[0]
    body = "\n\n".join(markdown.text(attack) for attack in ATTACKS)
    page.write_text(
        f"{front}\n# {markdown.text(ATTACKS[1])}\n\n{body}\n\nThe end $\\ell_1$.\n",
        encoding="utf-8",
    )
    app = build_site(srcdir, tmp_path / "build")
    assert not [w for w in warnings_of(app) if "ioffe2015batch" in w]
    html = read_html(app, "reviews/ioffe2015batch")
    article = html.select_one("section")
    assert article.select("img, script, a[href^=javascript], .raw") == []
    texts = [" ".join(p.get_text().split()) for p in article.select("p")]
    for attack in ATTACKS[2:]:
        shown = " ".join(attack.split())
        assert shown in texts, (attack, texts)
    assert html.select_one("h1").get_text().rstrip("#¶ ") == ATTACKS[1]
    assert article.select(".math")  # math that is only math stays math


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>{}[]()`*_$:#-|!&\\ab1 \n")), max_size=30))
def test_text_escapes_everything_that_could_be_markup(value):
    escaped = markdown.text(value)
    # Every character MyST could read as markup is escaped, outside safe math.
    assert "\n" not in escaped
    for part in markdown._MATH.split(escaped)[0::2]:
        for i, char in enumerate(part):
            if char in "<`{[*_":
                assert part[i - 1 : i] == "\\", (value, escaped)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<aside>Note</aside>", "\\<aside>Note\\</aside>"),
        ("```{raw} html\n<script>x</script>\n```", "```raw html\n<script>x</script>\n```"),
        (":::{raw} html\n<b>x</b>\n:::", "\\:::{raw} html\n\\<b>x\\</b>\n\\:::"),
        ("Code `<b>` stays ![img](<a b.png>)", "Code `<b>` stays ![img](<a b.png>)"),
    ],
)
def test_a_page_body_keeps_markdown_but_no_markup_that_runs(body, expected):
    assert markdown.body(body) == expected
