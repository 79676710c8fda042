# Two commands take a fresh machine to a working site: `make html` and `make test`.
PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
SPHINXBUILD := $(BIN)/sphinx-build
SPHINXOPTS  ?= -W --keep-going
BUILDDIR    ?= _build
STAMP       := $(VENV)/.installed
# 1: put draft reviews (draft: true) in the PDF too.
DRAFTS      ?= 0
# How pip picks versions: those of requirements.lock (see test-newest for the other way).
PIP_VERSIONS ?= -c requirements.lock

.PHONY: help html latexpdf dist test test-fast test-js test-newest lint live clean lock

help:
	@echo "make html   build the site into $(BUILDDIR)/html (creates $(VENV) on first use)"
	@echo "make latexpdf  build the whole site as one PDF: $(BUILDDIR)/latex/paper-reviews.pdf"
	@echo "               (draft reviews left out; DRAFTS=1 puts them in)"
	@echo "make dist  the site and its PDF as one archive to upload anywhere: $(BUILDDIR)/$(DISTNAME).zip"
	@echo "make test   lint, type-check and run the whole test suite (what CI runs)"
	@echo "make test-fast  the tests not marked browser, pdf or slow (under a minute)"
	@echo "make lint   ruff (lint and format) and mypy"
	@echo "make test-js  unit-test the browser scripts with Node (Debian package: nodejs)"
	@echo "make test-newest  the same on the newest versions pyproject.toml allows (.venv-newest)"
	@echo "make live   rebuild on every save and serve on http://127.0.0.1:8000"
	@echo "make clean  remove $(BUILDDIR)/"
	@echo "make lock   update requirements.lock to the newest versions pyproject.toml allows"

# The virtual environment is made once and refreshed when pyproject.toml or the lock changes.
# requirements.lock holds the versions the tests passed with: a fresh machine gets those.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(PIP_VERSIONS) -e ".[dev]"
	touch $(STAMP)

# Install the newest versions pyproject.toml allows and write them to requirements.lock;
# then run `make test` before committing the new lock.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager -e ".[dev]"
	{ head -2 requirements.lock; $(BIN)/python -m pip freeze --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
	touch $(STAMP)

html: $(STAMP)
	$(SPHINXBUILD) -b html -d $(BUILDDIR)/doctrees $(SPHINXOPTS) . $(BUILDDIR)/html
	@echo "Open $(BUILDDIR)/html/index.html"

# The PDF needs xelatex, latexmk and Noto CJK fonts from Debian: the check names what is
# missing and the command that installs it, before any LaTeX runs.
# TeX's default memory holds the PDF outline of about 5,000 reviews; TEXMEMORY (words, read
# by kpathsea) is added on top so that a shelf of 10,000 reviews and more still builds.
TEXMEMORY ?= 40000000
latexpdf: $(STAMP)
	@$(BIN)/python -m paper_reviews.cli.pdfcheck .
	LATEXMKOPTS="-interaction=nonstopmode -halt-on-error" \
	  extra_mem_bot=$(TEXMEMORY) extra_mem_top=$(TEXMEMORY) \
	  $(SPHINXBUILD) -M latexpdf . $(BUILDDIR) $(SPHINXOPTS) -D paper_reviews_pdf_drafts=$(DRAFTS)
	@echo "PDF: $(BUILDDIR)/latex/paper-reviews.pdf"

# The site to publish (docs/publishing.md): the HTML written afresh into its own folder, so
# that no page an earlier build left behind goes with it, with the PDF beside index.html and
# a "PDF" link in the top navigation; then that folder as one zip archive. The GitHub Pages
# workflow uploads the folder; .nojekyll keeps _static/ when it is pushed to a Pages branch.
# Reading is shared with make html and make latexpdf ($(BUILDDIR)/doctrees): the link changes
# only how pages are written.
DISTNAME ?= paper-reviews-site
DISTSITE := $(BUILDDIR)/dist/$(DISTNAME)
dist: latexpdf
	rm -rf $(BUILDDIR)/dist $(BUILDDIR)/$(DISTNAME).zip
	$(SPHINXBUILD) -b html -d $(BUILDDIR)/doctrees $(SPHINXOPTS) \
	  -D paper_reviews_pdf=paper-reviews.pdf . $(DISTSITE)
	cp $(BUILDDIR)/latex/paper-reviews.pdf $(DISTSITE)/paper-reviews.pdf
	rm -f $(DISTSITE)/.buildinfo
	touch $(DISTSITE)/.nojekyll
	$(BIN)/python -c 'import shutil, sys; shutil.make_archive(*sys.argv[1:])' \
	  $(BUILDDIR)/$(DISTNAME) zip $(BUILDDIR)/dist $(DISTNAME)
	@echo "Site: $(DISTSITE)/ (upload the folder's contents), archive: $(BUILDDIR)/$(DISTNAME).zip"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint test-js axe-core
	$(BIN)/pytest

# axe-core for the accessibility tests (tests/test_accessibility.py), from the npm registry:
# the release tests/axe_core.py pins, checked against its integrity hash and unpacked into
# $(VENV)/axe-core/ once (then this does nothing). make html does not need it.
.PHONY: axe-core
axe-core: $(STAMP)
	$(BIN)/python tests/axe_core.py

# Everything but the tests that drive Chromium, build PDFs or take long (markers in
# pyproject.toml): for the edit-test loop. `make test` runs them all.
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not browser and not pdf and not slow"

# The browser scripts' rules and the search's Korean stemmer, in Node's own test runner; the
# stemmer is also tested as the build serves it, which needs the virtual environment's Python.
test-js: $(STAMP)
	@command -v node >/dev/null 2>&1 || { \
	  echo "make test-js needs Node.js: install Debian's package nodejs (apt-get install nodejs)" >&2; \
	  exit 1; }
	PAPER_REVIEWS_PYTHON=$(BIN)/python node --test tests/js/

# The suite on the newest versions the bounds in pyproject.toml allow, in a virtual
# environment of its own, installed afresh each time: what `make lock` would bring next.
test-newest:
	rm -f .venv-newest/.installed
	PAPER_REVIEWS_VERSIONS=newest $(MAKE) test VENV=.venv-newest \
	  PIP_VERSIONS="--upgrade --upgrade-strategy eager"
	@newer=$$(.venv-newest/bin/python -m pip freeze --exclude-editable | grep -vxFf requirements.lock); \
	  if [ -n "$$newer" ]; then echo "Passed with versions newer than requirements.lock:"; echo "$$newer"; \
	  else echo "The newest versions allowed are those of requirements.lock."; fi

# One long-lived process: Sphinx, the extension and the Korean analyser stay warm between
# builds; each save rebuilds what it changed and reloads the open page if it changed.
live: $(STAMP)
	$(BIN)/python -m paper_reviews.live --host 127.0.0.1 --port 8000 -d $(BUILDDIR)/doctrees . $(BUILDDIR)/html

clean:
	rm -rf $(BUILDDIR)
