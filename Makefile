# Two commands do all set-up on a fresh machine (Python >= 3.10 with venv):
#   make figures   regenerate every figure with the quick default config (config/config.yaml)
#   make test      run the test suite
# Both create the virtual environment .venv and install permqs with its dependencies on first use.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CORES  ?= 8
CONFIG ?=
# Targets (if any) come before --configfile, which takes every word after it as a config file.
CONFIGFILE := $(if $(CONFIG),--configfile $(CONFIG))
# The default profile runs stages in warm workers; --quiet rules: one line per job and the progress counter
SMK    := $(VENV)/bin/snakemake --workflow-profile workflow/profiles/default --cores $(CORES) --quiet rules

.PHONY: figures paper slurm report lint dry-run test test-all bench clean-results

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

figures: $(STAMP)
	$(SMK) $(CONFIGFILE)

paper: $(STAMP)
	$(SMK) --configfile config/paper.yaml

slurm: $(STAMP)
	$(VENV)/bin/snakemake --workflow-profile workflow/profiles/slurm --configfile config/paper.yaml

# report.html: every figure with its caption, the reproduction table and the provenance of the run
# (make report CONFIG=config/paper.yaml for the paper-resolution results).
report: figures
	$(VENV)/bin/snakemake --cores 1 $(CONFIGFILE) --report report.html

lint: $(STAMP)
	$(VENV)/bin/snakemake --lint --configfile .test/config.yaml

dry-run: $(STAMP)
	$(SMK) $(CONFIGFILE) --dry-run

test: $(STAMP)
	$(PY) -m pytest -q

test-all: $(STAMP)
	$(PY) -m pytest -q -m ""

bench: $(STAMP)
	$(PY) benchmarks/bench_dicke.py
	$(PY) benchmarks/bench_rate_equations.py

clean-results:
	rm -rf results logs .snakemake/metadata
