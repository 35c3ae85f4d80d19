# Two commands for a new user:  make run  (demo site on http://127.0.0.1:8000)  and  make test.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
APPS   := core accounts districts merchants giftcerts sales dashboard hotline consent perception projects
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install migrate demo serve lint fmt messages compilemessages check-deploy bench clean

run: install migrate demo serve ## set up, migrate, load the demo data and serve (SQLite, in-process tasks)

test: install ## the whole suite (SQLite by default; PostgreSQL when DATABASE_URL is set)
	$(PY) -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: install ## idempotent: a second run only checks what is there
	$(PY) manage.py seed_demo

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .

fmt: install
	$(VENV)/bin/ruff check --fix .

# Korean catalogues: one per app (APP=merchants) plus the project-level one for templates/.
messages: install
ifdef APP
	cd $(APP) && ../$(PY) ../manage.py makemessages -l ko --no-obsolete
else
	for app in $(APPS); do (cd $$app && ../$(PY) ../manage.py makemessages -l ko --no-obsolete) || exit 1; done
	$(PY) manage.py makemessages -l ko --no-obsolete $(foreach app,$(APPS),-i '$(app)/*') -i '.venv/*' -i 'node_modules/*' -i 'tests/*' -i 'bench/*'
endif

compilemessages: install
	$(PY) manage.py compilemessages -i .venv -i node_modules

check-deploy: install
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-0123456789abcdef ALLOWED_HOSTS=example.kr \
		$(PY) manage.py check --deploy --fail-level WARNING

bench: install ## performance figures (needs DATABASE_URL pointing at PostgreSQL)
	for script in bench/[!_]*.py; do [ $$script = bench/wire_sizes.py ] || $(PY) $$script || exit 1; done
	DATABASE_URL=$$DATABASE_URL"_load" $(PY) bench/wire_sizes.py  # the demo database bench/load.py seeded

clean:
	rm -rf $(VENV) node_modules staticfiles build *.egg-info
