"""The ``paper-reviews`` command and what it reads and writes without Sphinx: the site on
disk (:mod:`.project`), new review pages and BibTeX entries (:mod:`.importer`), Notion
exports (:mod:`.notion`, :mod:`.notionmd`), the arXiv API (:mod:`.arxiv`), and the check
``make latexpdf`` runs first (:mod:`.pdfcheck`). Nothing here imports Sphinx, so the command
starts quickly."""

from paper_reviews.cli.commands import main

__all__ = ["main"]
