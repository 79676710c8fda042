project = "PDF test"
author = "Tester"
language = "ko"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "paper_reviews"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["dollarmath", "amsmath"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "reviews"
bibtex_reference_style = "author_year_round"

latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [("index", "pdftest.tex", "PDF test", author, "manual")]
# The site's fonts and preamble.
from paper_reviews.sphinx.latex_fonts import FONTPKG, PREAMBLE  # noqa: E402

latex_elements = {"fontpkg": FONTPKG, "printindex": "", "preamble": PREAMBLE}
