"""What a review and its bibliography entry are, without Sphinx: front matter read with its
lines (:mod:`.frontmatter`), validated into a paper (:mod:`.model`) with its problems
(:mod:`.problems`); checks across reviews (:mod:`.catalog`); the overview's columns, order
and groups (:mod:`.ordering`); what a BibTeX entry says (:mod:`.bibinfo`, :mod:`.venues`,
:mod:`.latextext`, :mod:`.complete`, :mod:`.yearlabels`), its text as written
(:mod:`.bibsource`) and the file it is in (:mod:`.bibfile`); Markdown from outside made safe
(:mod:`.markdown`).

Both the Sphinx extension and the command build on these modules; none of them imports
Sphinx or docutils (``tests/test_layout.py`` checks it)."""
