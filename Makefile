# diffult: `make test` and `make reproduce` each set up everything they need from nothing.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
PROFILE ?= cpu
NB_WORKERS ?= 2

# Inside an active virtual or conda environment we install into it; otherwise into ./.venv.
ifneq ($(strip $(VIRTUAL_ENV)$(CONDA_PREFIX)),)
BIN := $(dir $(shell command -v python))
STAMP := .env-installed
DOCS_STAMP := .env-docs-installed
else
BIN := .venv/bin/
STAMP := .venv/.installed
DOCS_STAMP := .venv/.docs-installed
endif

help:
	@echo "make test        set up, check notebooks and module are in sync, run every notebook once as a test (smoke profile)"
	@echo "make reproduce   set up, regenerate results/$(PROFILE)/ and paper_tables/$(PROFILE)/ (PROFILE=cpu by default)"
	@echo "make export      ruff format + nbdev_clean + nbdev_export (after editing notebooks)"
	@echo "make readme      rewrite the README's results sections from the committed results (after a batch)"
	@echo "make docs        build the documentation site into docs/_build/html (Sphinx + myst-nb; nothing is executed)"
	@echo "make docs-check  after make docs: check the site in headless Chromium (paper pages, links, screenshots)"
	@echo "make clean       remove the stage cache (artifacts/), test scratch and the built site (the committed results stay)"

# The exact versions of the reproduction come from requirements.lock; the package itself goes in without touching them.
$(STAMP): pyproject.toml requirements.lock
	@if [ "$(BIN)" = ".venv/bin/" ] && [ ! -x .venv/bin/python ]; then $(PYTHON) -m venv .venv; fi
	$(BIN)python -m pip install --disable-pip-version-check -q --no-compile -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)python -m pip install --disable-pip-version-check -q --no-deps -e . 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)python -c "import diffult, torch, torchvision, nbdev, papermill" && touch $(STAMP)

setup: $(STAMP)

export: setup
	$(BIN)ruff format --quiet nbs && $(BIN)nbdev_clean && $(BIN)nbdev_export

sync-check: setup
	@before=$$( (git status --porcelain -- nbs diffult; git diff -- nbs diffult) | md5sum ); \
	$(BIN)nbdev_clean && $(BIN)nbdev_export; \
	after=$$( (git status --porcelain -- nbs diffult; git diff -- nbs diffult) | md5sum ); \
	if [ "$$before" != "$$after" ]; then echo "nbdev_clean / nbdev_export changed nbs/ or diffult/: notebooks and module were not in sync (see git diff)."; exit 1; fi; \
	echo "notebooks and module in sync"; \
	$(BIN)ruff format --check --quiet nbs || { echo "ruff format would change the notebooks above: run make export (it formats them) and commit."; exit 1; }; \
	echo "notebooks formatted (ruff format, 120 characters)"

# N passed, M failed: nbdev_test's parallel workers can print on one line, so count occurrences, not lines.
# The two papermill runs go through `diffult reproduce` in the background beside nbdev_test (three single-thread
# processes on two cores keep both busy), and nbdev_test leaves out the two notebooks they ran: each notebook runs once.
# Their results and tables go to .test_out/ (DIFFULT_OUT), so a test run never touches the committed results/ and paper_tables/.
PM_NBS := 16|24
test: sync-check
	@set -o pipefail; export DIFFULT_QUIET=1 DIFFULT_OUT="$(CURDIR)/.test_out"; rm -rf .test_out; \
	echo "papermill, in the background: Figure 8 through diffult reproduce (smoke), then Table 7 on real Fashion-MNIST-LT (the gpu profile's code path at smoke size: padded 32x32, ResNet-32)"; \
	( $(BIN)diffult reproduce --profile smoke --only 24; a=$$?; \
	  $(BIN)diffult reproduce --profile smoke --dataset fmnist-lt --only 16 --param "ratios=[100]"; b=$$?; exit $$((a | b)) ) > .papermill_test.log 2>&1 & pm_pid=$$!; \
	echo "nbdev_test: every other notebook"; \
	$(BIN)nbdev_test --do_print --timing --n_workers $(NB_WORKERS) --skip_file_re '^([_.]|($(PM_NBS))_)' 2>&1 | tee .nbdev_test.log; rc=$$?; \
	wait $$pm_pid; pm=$$?; echo "papermill:"; cat .papermill_test.log; \
	if grep -q "Kernel is running over TCP" .papermill_test.log; then echo "diffult reproduce printed kernel warnings"; pm=1; fi; \
	pm_ok=$$(grep -c '^ok ' .papermill_test.log); pm_bad=$$(grep -c '^failed ' .papermill_test.log); \
	started=$$(grep -o 'Starting /' .nbdev_test.log | wc -l); failed=$$(grep -o 'Error in /' .nbdev_test.log | wc -l); passed=$$((started - failed)); \
	echo "$$((passed + pm_ok)) passed, $$((started - passed + pm_bad)) failed"; \
	if [ $$rc -ne 0 ] || [ $$pm -ne 0 ]; then exit 1; fi

reproduce: setup
	$(BIN)diffult reproduce --profile $(PROFILE)

readme: setup
	$(BIN)python tools/readme_results.py .

# The site's tools are pinned apart (docs/requirements.txt), so make test's setup does not grow; requirements.lock
# constrains them, so installing them never moves a package of the reproduction.
$(DOCS_STAMP): $(STAMP) docs/requirements.txt
	$(BIN)python -m pip install --disable-pip-version-check -q --no-compile -r docs/requirements.txt -c requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)python -c "import sphinx, myst_nb, furo" && touch $(DOCS_STAMP)

# Paper pages: the committed executed notebooks (results/fmnist/executed/, else results/cpu/executed/); library pages:
# nbs/*.ipynb as committed; API: diffult.*. docs/conf.py discovers them; nothing is executed. -E: always a fresh
# environment, since Sphinx does not see a change of diffult/*.py (the API pages) as a change of a page.
docs: $(DOCS_STAMP)
	@start=$$(date +%s); mkdir -p docs/_build; \
	$(BIN)sphinx-build -b html -E -j 1 -q -w docs/_build/warnings.log docs docs/_build/html; rc=$$?; \
	echo "site: docs/_build/html/index.html ($$(cat docs/_build/warnings.log 2>/dev/null | grep -c .) warning lines in docs/_build/warnings.log; $$(( $$(date +%s) - start )) s)"; exit $$rc

# Needs Debian's chromium (installed here when missing, as root); serves the site on 127.0.0.1 only.
docs-check:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(BIN)python tools/check_site.py docs/_build/html

clean:
	rm -rf artifacts .test_out docs/_build .nbdev_test.log .papermill_test.log

.PHONY: help setup export sync-check test reproduce readme docs docs-check clean
