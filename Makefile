# Heaolu: `make run` starts the whole system, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := $(UV) run --frozen

.PHONY: help install infra-up infra-down topics migrate run test unit integration e2e browser lint format schemas openapi bench bench-gateway bench-gateway-stack bench-audit bench-casework bench-ngts bench-reporting bench-inserts bench-processed profile clean k8s

help:
	@echo "make run        install what is missing, start infrastructure and every service"
	@echo "make test       the same set-up, then the whole test suite"
	@echo "make unit       unit tests only: no PostgreSQL, Kafka or Keycloak"
	@echo "make integration  unit and integration tests: needs only PostgreSQL (started here)"
	@echo "make e2e        end-to-end tests against the whole running system"
	@echo "make browser    only the web front end's tests in Chromium"
	@echo "make lint       ruff and mypy"
	@echo "make bench      benchmarks (not part of the tests)"
	@echo "make bench-gateway  the gateway's upstream client: httpx, httpcore, aiohttp vs direct"
	@echo "make bench-gateway-stack  the gateway's own request handling in process vs a bare endpoint"
	@echo "make bench-audit  CPU per audit record appended: one per transaction vs batches"
	@echo "make bench-casework  worklist queries at 10k and 1M cases"
	@echo "make bench-reporting  reporting's rebuild rate against a raw Kafka consume"
	@echo "make bench-inserts  CPU of a new row through the unit of work and insert_new"
	@echo "make bench-ngts  import of an NGTS list (5k and 50k rows) against raw COPY"
	@echo "make bench-processed  the inbox insert with and without the time index; the purge"
	@echo "make profile    py-spy profiles of the busiest processes while reports are created"
	@echo "make infra-up / infra-down   PostgreSQL, Kafka, Keycloak only"
	@echo "make k8s        regenerate deploy/k8s from the code (checked by the tests)"
	@echo "make openapi    regenerate docs/openapi from the code (checked by the tests)"

install:
	@bash deploy/local/install.sh

infra-up: install
	@bash deploy/local/infra.sh up
	@$(PY) python -m heaolu_shared.topics

infra-down:
	@bash deploy/local/infra.sh down

migrate: infra-up
	@$(PY) python deploy/local/stack.py migrate

# Ctrl-C stops the services, and the infrastructure too when this run is what started it.
run: install
	@if bash deploy/local/infra.sh status >/dev/null 2>&1; then stop=""; else stop="--stop-infra"; fi; \
	$(MAKE) --no-print-directory infra-up && $(PY) python deploy/local/stack.py run $$stop

test: infra-up
	@$(PY) pytest -p no:cacheprovider

unit: install
	@$(PY) pytest -p no:cacheprovider -m "not integration and not e2e"

integration: install
	@bash deploy/local/postgres.sh up
	@$(PY) pytest -p no:cacheprovider -m "integration and not kafka"

e2e: infra-up
	@$(PY) pytest -p no:cacheprovider -m "(e2e or kafka) and not browser"

browser: infra-up
	@$(PY) pytest -p no:cacheprovider -m browser

lint: install
	@$(PY) ruff check .
	@$(PY) ruff format --check .
	@$(PY) mypy -p heaolu_shared -p heaolu_gateway -p heaolu_intake -p heaolu_casework -p heaolu_court -p heaolu_ngts -p heaolu_reporting -p heaolu_audit -p heaolu_web -m stack -m openapi_docs -p heaolu_k8s
	@$(PY) mypy bench

format: install
	@$(PY) ruff format .
	@$(PY) ruff check --fix .

schemas: install
	@$(PY) python -m heaolu_shared.contracts export

openapi: install
	@$(PY) python deploy/local/openapi_docs.py write

bench: infra-up
	@PYTHONUNBUFFERED=1 PYTHONPATH=deploy/local $(PY) python bench/run.py $(BENCH_ARGS)

profile: infra-up
	@PYTHONUNBUFFERED=1 PYTHONPATH=deploy/local:bench $(PY) python bench/profile_stack.py $(PROFILE_ARGS)

bench-gateway: infra-up
	@PYTHONPATH=deploy/local:bench $(PY) python bench/gateway_clients.py run $(BENCH_ARGS)

bench-gateway-stack: install
	@$(PY) python bench/gateway_stack.py $(BENCH_ARGS)

bench-audit: install
	@bash deploy/local/postgres.sh up
	@PYTHONPATH=bench $(PY) python bench/audit_chain.py $(BENCH_ARGS)

bench-casework: infra-up
	@PYTHONPATH=deploy/local:bench $(PY) python bench/casework_lists.py $(BENCH_ARGS)

bench-reporting: infra-up
	@$(PY) python bench/reporting_rebuild.py

bench-inserts: install
	@bash deploy/local/postgres.sh up
	@$(PY) python bench/insert_paths.py $(BENCH_ARGS)
k8s: install
	@PYTHONPATH=deploy/k8s $(PY) python -m heaolu_k8s write

bench-ngts: install
	@bash deploy/local/postgres.sh up
	@PYTHONPATH=deploy/local:bench $(PY) python bench/ngts_import.py $(BENCH_ARGS)

bench-processed: install
	@bash deploy/local/postgres.sh up
	@PYTHONPATH=bench $(PY) python bench/processed_window.py $(BENCH_ARGS)

clean: infra-down
	rm -rf .local
