#!/usr/bin/env bash
# Proves workflow/profiles/slurm on a real one-node Slurm (started here, stopped on exit): the tiny config
# (.test/config.yaml) runs through the profile; every expected output must exist, every Slurm job of the
# run must end COMPLETED, and a job given too little memory must come back as a failure. Every step is
# bounded by `timeout`, so a hang fails the check instead of eating the CI's time. Needs root (apt-get).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SMK=$ROOT/.venv/bin/snakemake
WORK=$(mktemp -d /tmp/permqs-slurm-ci.XXXXXX)
say() { echo "[slurm-check] $*"; }
fail() { say "FAILED: $*"; exit 1; }

cleanup() {
    timeout -k 5 60 bash "$ROOT/.ci/slurm-cluster.sh" stop || true
}
trap cleanup EXIT

timeout -k 10 300 bash "$ROOT/.ci/slurm-cluster.sh" start

# A copy of the working tree, so that the run starts from nothing whatever results/ the checkout holds.
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' \
    | tar --null -T - -cf -) | tar -xf - -C "$WORK"
cd "$WORK"

# Jobs with ids above this marker belong to the run (the cluster runs nothing else).
MARKER=$(timeout 60 sbatch --parsable -t 1 --mem=10 -o /dev/null --wrap true)
say "marker job $MARKER"

# The CI node has 2 cores: group jobs may use both and up to 4 GB (the profile allows 4 cores, 16 GB).
# Status checks start after 5 s instead of 40 (squeue keeps finished jobs MinJobAge = 600 s >= 3 x 5 s).
SLURM_RUN=(--workflow-profile workflow/profiles/slurm --configfile .test/config.yaml --cores 2
           --resources mem_mb=4000 --slurm-init-seconds-before-status-checks 5)
say "running the tiny config through the SLURM profile"
start=$(date +%s)
timeout -k 30 1200 "$SMK" "${SLURM_RUN[@]}" || fail "snakemake through the SLURM profile"
say "run took $(( $(date +%s) - start )) s"

# Every output: nothing left to do for a local dry run, and the figures and tables are there.
timeout -k 10 120 "$SMK" --configfile .test/config.yaml --dry-run --cores 1 | tee dry-run.txt | tail -1
grep -q "Nothing to be done" dry-run.txt || fail "outputs missing after the SLURM run"
for f in figures/paper000_fig1a.png figures/paper000_fig2.png figures/paper002_fig3.png figures/paper003_fig3.png \
         figures/paper004_fig4.png results/reproduction.csv results/report/provenance.html; do
    [[ -s $f ]] || fail "missing $f"
done

# Every Slurm job of the run COMPLETED (squeue -t all lists finished jobs for MinJobAge).
squeue -h -t all -o "%i %T %j" | awk -v m="$MARKER" '$1 > m' | sort -n > jobs.txt
n_jobs=$(wc -l < jobs.txt)
say "$n_jobs Slurm jobs:"; cat jobs.txt
(( n_jobs > 0 )) || fail "no Slurm job was submitted"
if awk '$2 != "COMPLETED"' jobs.txt | grep -q .; then fail "jobs that did not complete: $(awk '$2 != "COMPLETED"' jobs.txt)"; fi

# A job over its memory must be reported as a failure (only where Slurm enforces memory limits).
if [[ -e /etc/slurm/cgroup.conf ]]; then
    LAST=$(tail -1 jobs.txt | cut -d' ' -f1)
    say "over-memory job: lmg_rates with mem_mb=150 (the Snakemake wrapper alone needs ~300 MB)"
    set +e
    # (the target first: --configfile and --set-resources take every word after them)
    timeout -k 30 600 "$SMK" "results/lmg/steady/solver=rates/J=3/gamma=1/h=0/N=8/Gamma=1.parquet" \
        "${SLURM_RUN[@]}" --set-resources lmg_rates:mem_mb=150 > oom.txt 2>&1
    rc=$?
    set -e
    tail -5 oom.txt
    (( rc != 0 && rc != 124 && rc != 137 )) || fail "the over-memory run exited with $rc (expected a failure, not 0 or a timeout)"
    state=$(squeue -h -t all -o "%i %T" | awk -v m="$LAST" '$1 > m {print $2}' | tail -1)
    [[ $state == OUT_OF_MEMORY ]] || fail "over-memory job state '$state', expected OUT_OF_MEMORY"
    grep -q "Error in group lmg_point" oom.txt || fail "snakemake did not report the failed job"
    say "over-memory job reported as failure (exit $rc, Slurm state $state)"
else
    say "no cgroup memory enforcement on this machine: over-memory check skipped"
fi

timeout -k 10 300 "$SMK" --configfile .test/config.yaml --cores 1 --report report.html || fail "report"
[[ -s report.html ]] || fail "no report.html"
say "passed (work folder $WORK)"
