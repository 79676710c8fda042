"""PDF output: drafts are left out unless asked for, the References list stays on the
References page, and Korean needs no Babel option.

A draft review (``draft: true``) is not in the PDF unless ``paper_reviews_pdf_drafts`` is
true: :class:`LeaveOutDrafts` removes its pages from the one document Sphinx assembles,
:class:`UnlinkDrafts` makes links to them text, and the overview and the "Cited in" lines
leave them out (``PaperDomain.drafts_shown``).

Sphinx moves every citation of a LaTeX document into one bibliography at the end, after
the site's References chapter, which is then left empty. :class:`InlineBibliography`
turns the citations into paragraphs where they stand (keeping their ids, so citations
still link to them) before Sphinx collects them.

Sphinx's LaTeX builder warns "no Babel option known for language 'ko'" for every Korean
site. The warning has no type, so ``suppress_warnings`` cannot silence it, and with ``-W``
it fails every PDF build. Korean needs no hyphenation patterns; what it needs are fonts
with Hangul, which the site sets with ``latex_elements["fontpkg"]``. So this one message,
for these languages only, is filtered out; every other warning still fails the build.
"""

from __future__ import annotations

from typing import Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import math_reference
from sphinx.transforms.post_transforms import SphinxPostTransform

from paper_reviews.sphinx import untyped
from paper_reviews.sphinx.domain import PaperDomain

#: Languages whose text renders with a CJK font alone (no Babel or polyglossia support).
FONT_ONLY_LANGUAGES = frozenset({"ko"})
#: The Python loggers of Sphinx's LaTeX builder and writer, which both warn.
LATEX_LOGGERS = ("sphinx.sphinx.builders.latex", "sphinx.sphinx.writers.latex")


def is_babel_warning(text: str) -> bool:
    """Whether ``text`` is "no Babel option known for language 'ko'" (or another language
    of :data:`FONT_ONLY_LANGUAGES`)."""
    return "Babel" in text and any(f"'{lang}'" in text for lang in FONT_ONLY_LANGUAGES)


def install_babel_filter(language: str | None) -> None:
    """Drop that warning for a font-only language (:mod:`.untyped`)."""
    if language in FONT_ONLY_LANGUAGES:
        untyped.drop("babel", LATEX_LOGGERS, is_babel_warning)


class InlineBibliography(SphinxPostTransform):
    """Keep the References list on the References page in LaTeX output."""

    #: After sphinxcontrib-bibtex fills in its bibliography, before Sphinx's own
    #: LaTeX BibliographyTransform (750) gathers citations at the end of the document.
    default_priority = 700
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for citation in list(self.document.findall(nodes.citation)):
            entry = nodes.paragraph(ids=citation["ids"], classes=["paper-reference"])
            after = []  # "Cited in …" (:mod:`.backlinks`), a paragraph of its own
            for child in citation.children:
                if isinstance(child, nodes.label):
                    continue
                if "paper-cited-in" in child.get("classes", ()):
                    after.append(child)
                    continue
                entry.extend(child.children if isinstance(child, nodes.paragraph) else [child])
            # Indented and smaller under its entry, so that it reads as the entry's.
            shown = [
                nodes.raw("", r"\begingroup\leftskip=1.5em\small", format="latex"),
                *after,
                nodes.raw("", r"\par\endgroup", format="latex"),
            ]
            citation.replace_self([entry, *(shown if after else [])])


class LeaveOutDrafts(SphinxPostTransform):
    """Remove draft reviews from the assembled PDF document, first of all post-transforms
    (so that nothing resolves or numbers what is left out)."""

    default_priority = 1
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        drafts = cast(PaperDomain, self.env.get_domain("paper")).left_out()
        if not drafts:
            return
        for page in list(self.document.findall(addnodes.start_of_file)):
            if page["docname"] in drafts:
                page.parent.remove(page)


class UnlinkDrafts(SphinxPostTransform):
    """In a PDF without drafts, a link to a draft's page (``{paper}`` from another review)
    becomes its text, and a reference to one of its equations (``{eq}``) its label: what
    they pointed to is not there."""

    default_priority = 20  # after references resolve (10)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        drafts = cast(PaperDomain, self.env.get_domain("paper")).left_out()
        if not drafts:
            return
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri", "")
            if uri.startswith("%") and uri[1:].split("#", 1)[0] in drafts:
                ref.replace_self(ref.children)
        for eq in list(self.document.findall(math_reference)):
            if eq["docname"] in drafts:
                eq.replace_self(nodes.Text(f"({eq['target']})"))
