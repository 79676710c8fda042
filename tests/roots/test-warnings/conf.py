extensions = ["myst_parser", "sphinxcontrib.bibtex", "paper_reviews"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["dollarmath", "amsmath"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "reviews"
bibtex_reference_style = "author_year_round"
html_theme = "basic"
