# Two commands set everything up on a fresh machine:
#   make brief   install with the embedded local model and brief the example articles -> briefing.md
#   make test    install everything and run the checks: ruff, mypy, pytest (real local model included), evals
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: brief test install install-dev lint typecheck pytest evals bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[local]"

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[local,dev]"

brief: install
	$(BIN)/summarizer brief examples/seeds -o briefing.md

lint:
	$(BIN)/ruff check summarizer tests benchmarks

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest -q

evals:
	$(BIN)/summarizer eval evals/datasets/* --replay

test: install-dev lint typecheck pytest evals

bench:
	$(BIN)/python benchmarks/bench_pipeline.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
