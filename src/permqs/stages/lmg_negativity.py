"""Half-half negativity (paper 004 Eq. 17), purity, S(ρ_T), S(ρ_i) and I_M (paper 000 Eq. 7) of a stored finite-N
LMG steady state in J blocks, by SU(2) recoupling (permqs.information.qubit). Reads the state written by a solver
stage; never re-solves."""
from __future__ import annotations

import pandas as pd

from ..dicke.observables import observables
from ..dicke.state import state_from_frame
from ..information.qubit import jblock_negativity, jblock_purity
from ..io import read_table, write_table
from ._args import parser


def main(argv: list[str]) -> None:
    p = parser(__doc__)
    p.add_argument("--state", required=True, help="parquet state file from a solver stage (J blocks)")
    p.add_argument("--tol", type=float, default=0.0,
                   help="error budget, a rigorous bound on |exact - computed| (skipped blocks, certificate "
                        "shifts; 0: exact)")
    a = p.parse_args(argv)
    table, meta = read_table(a.state)
    if meta.get("representation") != "dicke_blocks":
        raise SystemExit(f"lmg_negativity: needs a J-block state, got {meta.get('representation')!r} in {a.state}")
    params = meta["parameters"]
    state = state_from_frame(table)
    neg = jblock_negativity(state, tol=a.tol)
    obs = observables(state)
    N = state.N
    row = {**params, "N_A": neg.N_A, "negativity": neg.negativity, "negativity_per_N": neg.negativity / N,
           "truncation_bound": neg.truncation_bound, "blocks_used": neg.blocks_used,
           "blocks_certified": neg.blocks_certified, "blocks_skipped": neg.blocks_skipped, "seconds": neg.seconds,
           "purity": jblock_purity(state), "S_T": obs.S_T, "S_i": obs.S_i, "I_M": obs.I_M, "I_M_per_N": obs.I_M / N,
           "min_eigenvalue": obs.min_eigenvalue, "residual": meta["residual"], "solver": meta["solver"]}
    write_table(a.out, pd.DataFrame([row]), {"stage": "lmg_negativity", "parameters": params, "tol": a.tol,
                                             "residual": meta["residual"], "state_file": a.state})
