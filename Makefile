# Two commands set everything up on a fresh machine:
#   make brief   install with the embedded local model and brief the example articles -> briefing.md
#   make test    install everything and run the checks: ruff, mypy, pytest (real local model included), evals
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

# llama-cpp-python builds ggml from source. Its default native build turns on AMX on Xeons that report it,
# and those kernels crash (SIGSEGV) inside the VMs we run on. So the flags are chosen here from what the CPU
# reports: AVX2 always, AVX-512 and its VNNI/BF16/VBMI parts where present (on a 2-core EPYC with AVX-512:
# 70.8 vs 45.7 prompt tokens/s), AMX never. Set CMAKE_ARGS yourself to override.
cpu_has = $(shell grep -qw $(1) /proc/cpuinfo 2>/dev/null && echo ON || echo OFF)
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
	-DGGML_AVX512=$(call cpu_has,avx512f) -DGGML_AVX512_VNNI=$(call cpu_has,avx512_vnni) \
	-DGGML_AVX512_BF16=$(call cpu_has,avx512_bf16) -DGGML_AVX512_VBMI=$(call cpu_has,avx512vbmi) \
	-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
# pip caches a built wheel by its source, not by these flags: the engine is built once per set of flags into
# its own folder, so a machine (or flag) change never reuses a wheel built for another CPU.
ENGINE         := llama-cpp-python==$(shell sed -n 's/.*"llama-cpp-python\[server\]==\([0-9.]*\)".*/\1/p' pyproject.toml)
ENGINE_KEY     := $(shell printf '%s %s' '$(ENGINE)' '$(CMAKE_ARGS)' | sha256sum | cut -c1-16)
ENGINE_WHEELS  := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/summarizer/engine-wheels/$(ENGINE_KEY)

.PHONY: brief test engine install install-dev lint typecheck pytest evals bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The first build takes 7-23 minutes of every core; later installs take the wheel from ENGINE_WHEELS.
$(ENGINE_WHEELS)/built: | $(BIN)/python
	@echo "building the local model's engine ($(ENGINE)) for this CPU: several minutes, once"
	$(BIN)/pip wheel --quiet --no-deps --no-cache-dir --wheel-dir $(ENGINE_WHEELS) "$(ENGINE)"
	printf '%s\n' '$(CMAKE_ARGS)' > $@

engine: $(ENGINE_WHEELS)/built

install: engine
	$(BIN)/pip install --quiet --find-links $(ENGINE_WHEELS) -e ".[local]"

install-dev: engine
	$(BIN)/pip install --quiet --find-links $(ENGINE_WHEELS) -e ".[local,dev,service]"

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
