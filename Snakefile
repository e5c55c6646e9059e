# Reproducible figures of four papers on permutation-invariant open quantum systems.
# Quick default:  snakemake --cores 8          Paper resolution:  --configfile config/paper.yaml
# The physics lives in the permqs library (src/permqs); rules only say what to compute and where to cache it.
import sys
from pathlib import Path

from permqs.configcheck import validate_config
from permqs.fingerprint import code_fingerprint
from permqs.paths import fmt

configfile: "config/config.yaml"

# Fail before any job runs when a value has the wrong type, is out of range or the key is unknown.
validate_config(config, Path(workflow.basedir) / "workflow" / "schemas")

PY = sys.executable
FLOAT = r"-?[0-9.]+(e-?[0-9]+)?"
wildcard_constraints:
    N=r"[0-9]+",
    h=FLOAT, Gamma=FLOAT, J=FLOAT, gamma=FLOAT,

# Each rules file appends the figure files it produces, and its reproduction rows (paper numbers vs ours).
ALL_TARGETS = ["results/reproduction.csv", "results/reproduction.md"]
REPRODUCTION_ROWS = []

rule all:
    input: lambda wildcards: ALL_TARGETS
    default_target: True

for rules_file in sorted((Path(workflow.basedir) / "workflow" / "rules").glob("*.smk")):
    include: rules_file


rule reproduction_rows:
    input: "results/paper{paper}/numbers.parquet"
    output: "results/reproduction/paper{paper}.parquet"
    wildcard_constraints: paper="[0-9]{3}"
    params: code=code_fingerprint("reproduction_rows")
    shell: "{PY} -m permqs reproduction_rows --paper {wildcards.paper} --out {output} {input}"


rule reproduction_table:
    input: lambda wildcards: REPRODUCTION_ROWS
    output:
        csv="results/reproduction.csv",
        markdown="results/reproduction.md",
    params: code=code_fingerprint("reproduction_table")
    shell: "{PY} -m permqs reproduction_table --csv {output.csv} --markdown {output.markdown} {input}"
