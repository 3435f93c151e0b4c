# The two commands a new user needs:  make run  and  make test  (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
# This machine's pip config names local indexes that may be absent: drop that noise only.
QUIET_PIP := 2>&1 | { grep -v "^WARNING: Location 'file://" || true; }

# Debian packages: PDF letters and charts need a CJK font; evidence documents need poppler (PDF
# pages to images) and tesseract with English and Chinese data (OCR); tests add a real browser,
# GNU gettext (catalogue extraction check), Hunspell dictionaries, a real IMAP server
# (dovecot, started on loopback by tests/mail with a throw-away configuration), and PostgreSQL
# and Redis (started on loopback with throw-away data folders by tests/backends/run.py).
RUN_DEBS := fonts-wqy-microhei poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim \
	tesseract-ocr-chi-tra
TEST_DEBS := $(RUN_DEBS) chromium gettext hunspell-en-us hunspell-en-gb dovecot-imapd \
	postgresql redis-server

.PHONY: run test lint typecheck pytest system-run system-test clean model

run: system-run $(VENV)/.installed-run .env translations
	@chmod go-rwx .env  # the secret key: readable by its owner only, also in an older .env
	$(VENV)/bin/reinstate serve --demo

test: system-test $(VENV)/.installed-dev translations lint typecheck pytest

system-run:
	@scripts/system-deps.sh $(RUN_DEBS)

system-test:
	@scripts/system-deps.sh $(TEST_DEBS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e . $(QUIET_PIP)
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e '.[dev]' $(QUIET_PIP)
	@touch $@ $(VENV)/.installed-run

# Created owner-only (0600): it holds the secret key.
.env:
	@umask 077 && $(PY) -c "import secrets; print('REINSTATE_SECRET_KEY=' + secrets.token_urlsafe(50))" > $@
	@echo "Wrote .env with a new secret key (keep it private; see .env.example for the other settings)."

translations:
	@$(PY) scripts/i18n.py compile

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy

# The whole suite on SQLite and huey's SQLite storage, then the database and queue tests
# (marked "backends": tests/conftest.py) again on PostgreSQL and Redis.
pytest:
	$(VENV)/bin/pytest -q -n 2 --dist loadgroup
	$(PY) -m tests.backends.run -q -n 2 --dist loadgroup -m backends

# Retrain the notice model from corpus/notices (writes src/reinstate/knowledge/models/notices.json).
model: $(VENV)/.installed-dev
	$(PY) -m reinstate.notices.training corpus/notices

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
