# Two commands do all set-up on a fresh machine (Python >= 3.10 with venv):
#   make figures   regenerate every figure with the quick default config (config/config.yaml)
#   make test      run the test suite
# Both create the virtual environment .venv and install permqs with its dependencies on first use.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CORES  ?= 8
SMK    := $(VENV)/bin/snakemake --workflow-profile workflow/profiles/default --cores $(CORES)

.PHONY: figures paper slurm test test-all bench dry-run clean-results

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

figures: $(STAMP)
	$(SMK)

paper: $(STAMP)
	$(SMK) --configfile config/paper.yaml

slurm: $(STAMP)
	$(VENV)/bin/snakemake --workflow-profile workflow/profiles/slurm --configfile config/paper.yaml

dry-run: $(STAMP)
	$(SMK) --dry-run

test: $(STAMP)
	$(PY) -m pytest -q

test-all: $(STAMP)
	$(PY) -m pytest -q -m ""

bench: $(STAMP)
	$(PY) benchmarks/bench_dicke.py
	$(PY) benchmarks/bench_rate_equations.py

clean-results:
	rm -rf results .snakemake/metadata
