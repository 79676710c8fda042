"""Puts paper_reviews.bibtex_linear in every Sphinx app that loads sphinxcontrib.bibtex."""

import sphinxcontrib.bibtex as sb
from paper_reviews import bibtex_linear

_original = sb.setup


def setup(app):
    metadata = _original(app)
    bibtex_linear.install(app)
    app.connect("config-inited", bibtex_linear.pin_plugins)
    return metadata


sb.setup = setup
