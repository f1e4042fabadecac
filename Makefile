# Two commands: `make run` and `make test`. Everything else is a helper of those.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
APPS := candidates vacancies interviews matching scoring privacy notifications analytics monitor
# Debian packages the tests drive for real: the browser, speech, PDF rendering, fonts.
DEB_PACKAGES := chromium espeak-ng sox poppler-utils gettext fonts-dejavu-core redis-server nodejs

.PHONY: install install-dev system-deps run test lint typecheck format messages migrate seed stop-db bench clean

$(VENV)/.installed: requirements.txt
	@$(PY) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	# silero-vad's wheel carries the ONNX model we run with onnxruntime; its torch
	# dependency is not needed, hence --no-deps (pip cannot say that in a requirements file).
	$(BIN)/pip install -q --no-deps silero-vad==6.2.3
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

system-deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "Tests need these Debian packages: $$missing"; \
		echo "  chromium: browser tests; espeak-ng, sox: speech; nodejs: the barge-in gate test; poppler-utils: PDF checks; gettext: translations."; \
		echo "  Install them with: sudo apt-get install $$missing"; \
		exit 1; \
	fi

migrate: install
	$(MANAGE) compile_translations
	$(MANAGE) migrate --noinput
	$(MANAGE) speech_models

seed: migrate
	$(MANAGE) seed_demo

run: seed
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) runstack

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy --strict over the typed boundary named in pyproject.toml ([tool.mypy] files).
typecheck: install-dev
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install-dev system-deps lint typecheck
	$(MANAGE) compile_translations
	$(BIN)/pytest

# Refresh the English catalogues after changing user-facing strings (needs gettext).
messages: install
	$(MANAGE) makemessages -l en --ignore '.venv/*' --ignore 'var/*' $(foreach a,$(APPS),--ignore '$(a)/*')
	for a in $(APPS); do (cd $$a && ../$(BIN)/python ../manage.py makemessages -l en); done

stop-db: install
	$(MANAGE) embedded_db stop

bench: install-dev
	for f in $$(ls bench/*.py | grep -v timing.py); do $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) var
