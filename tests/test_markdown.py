"""Text from outside written into a review page reads as text: built with Sphinx and MyST,
no script, role, directive or link comes of it."""

from __future__ import annotations

import pytest
from conftest import build_site, copy_root, read_html, warnings_of
from hypothesis import given, settings
from hypothesis import strategies as st
from paper_reviews.core import markdown

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
    for part in markdown.MATH.split(escaped)[0::2]:
        for i, char in enumerate(part):
            if char in "<`{[*_":
                assert part[i - 1 : i] == "\\", (value, escaped)


#: Page bodies an attacker writes into a Notion page (from a hostile review of this code).
BODIES = [
    "<aside>Note</aside>",
    "```{raw} html\n<script>alert(1)</script>\n```",
    ":::{raw} html\n<b>x</b>\n:::",
    "> ```{raw} html\n> <img src=x onerror=alert(1)>\n> ```",
    "- ```{raw} html\n  <img src=x onerror=alert(2)>\n  ```",
    "> :::{raw} html\n> <img src=x onerror=alert(3)>\n> :::",
    "> ```{eval-rst}\n> .. raw:: html\n>\n>    <img src=x onerror=alert(4)>\n> ```",
    'See ](<img src="x" onerror="alert(15)">',
    'Text `<img src="x" onerror="alert(11)">`` end',
    'Text \\<img src="x" onerror="alert(12)"> end',
    "    ```\n<script>alert(5)</script>",
    "```a`\n<img src=x onerror=alert(6)>",
    "```\n        ```\n```\n<img src=x onerror=alert(7)>",
    "- ```{literalinclude} ../../../../../../../../../../etc/passwd\n  ```",
    "> ```{include} ../../../../../../../../../../etc/hostname\n> ```",
    "{download}`../../../../../../../../etc/hostname`",
    '![x](../../../../../../../../etc/hostname "t")',
    "![a [b] c](../../../../etc/hostname)",
    "![x][r]\n\n[r]: ../../../../etc/hostname",
    "![x](\n../../../../etc/hostname)",
    "![x](key/../../../../../../../../../etc/hostname)",
    "$$\n\\href{javascript:alert(8)}{click}\n$$",
    "\\begin{align}\n\\href{javascript:alert(9)}{x}\n\\end{align}",
    "$\\bbox[background:url(https://evil.test/x)]{x}$ and $\\input{/etc/passwd}$",
    "(target)=\n% a comment\n+++",
    "{{ substitution }}",
    "[click](javascript:alert(10))",
    "*a " * 200 + "b*" * 200,
]


def own_images(src: str) -> bool:
    return markdown.local_path(src) == "key/figure.png"


@pytest.mark.parametrize("attack", BODIES, ids=range(len(BODIES)))
def test_a_page_body_holds_nothing_unsafe(attack):
    safe = markdown.body(
        attack + "\n\nKept: **bold**, `code`, $x^2$, ![f](key/figure.png)\n", own_images
    )
    assert markdown._unsafe_lines(safe, own_images) == set()
    assert "Kept: **bold**, `code`, $x^2$, ![f](key/figure.png)" in safe


def test_unsafe_bodies_build_to_pages_with_no_markup_and_no_outside_file(tmp_path):
    srcdir = copy_root(tmp_path)
    page = srcdir / "reviews" / "ioffe2015batch.md"
    front = page.read_text(encoding="utf-8").split("\n# ", 1)[0]
    body = "\n\n".join(markdown.body(attack, own_images) for attack in BODIES)
    page.write_text(f"{front}\n# Attacked\n\n{body}\n", encoding="utf-8")
    app = build_site(srcdir, tmp_path / "build")
    html = read_html(app, "reviews/ioffe2015batch").select_one("section")
    assert html.select("img, script, iframe, a[href^=javascript], .raw") == []
    assert "root:" not in html.get_text()  # /etc/passwd's first line
    assert not (app.outdir / "_downloads").exists() and not (app.outdir / "_images").exists()
