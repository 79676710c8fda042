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
latex_elements = {
    "fontpkg": r"""
\setmainfont{Noto Serif CJK KR}
\setsansfont{Noto Sans CJK KR}
\setmonofont{Noto Sans Mono CJK KR}
""",
    "printindex": "",
    "preamble": r"\frenchspacing",
}
