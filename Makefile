# Styrkedja: `make demo` sets everything up and serves the Kronoberg demo; `make test` runs all checks.
PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := $(CURDIR)/.venv
UV := $(CURDIR)/.tools/bin/uv
BIN := $(VENV)/bin
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup system-check demo demo-data serve test lint typecheck pytest messages bench clean

setup: $(VENV)/.synced messages assets system-check

# The PDF report (WeasyPrint) needs Pango from the system; say how to get it rather than fail later.
system-check:
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || echo "note: the PDF report needs Pango:" \
		"apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core (poppler-utils for its tests)"

# uv comes from PyPI into its own small venv; it installs exactly what uv.lock says.
$(UV):
	$(PYTHON) -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: pyproject.toml uv.lock $(UV)
	$(UV) sync --frozen --python $(PYTHON) --reinstall-package styrkedja
	touch $@

# Front-end packages from npm (htmx; axe-core for the accessibility tests), copied to the static vendor folder.
VENDOR := src/styrkedja/web/static/vendor
assets: $(VENDOR)/.installed
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/axe-core/axe.min.js $(VENDOR)/
	touch $@

# Translations: compiled from the .po files when gettext is there, else the committed .mo files are used.
messages: $(VENV)/.synced
	@if command -v msgfmt >/dev/null && [ -n "$$(find src/styrkedja -name '*.po' -print -quit)" ]; then \
		$(BIN)/django-admin compilemessages --settings=styrkedja.web.settings --ignore=.venv >/dev/null; \
	fi

demo: setup
	$(BIN)/styrkedja demo

demo-data: setup
	$(BIN)/styrkedja demo --no-serve

serve: setup
	$(BIN)/styrkedja serve

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

# Tests run on SQLite; when DATABASE_URL names a PostgreSQL database they run there too.
pytest: setup
	env -u DATABASE_URL $(BIN)/pytest -q $(PYTEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then echo "== PostgreSQL: $$DATABASE_URL"; $(BIN)/pytest -q $(PYTEST_ARGS); fi

test: lint typecheck
	$(BIN)/python -m django makemigrations --check --dry-run --settings=styrkedja.web.settings >/dev/null
	$(MAKE) --no-print-directory pytest

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf .venv .tools var/*.sqlite3* var/cache node_modules $(VENDOR)
