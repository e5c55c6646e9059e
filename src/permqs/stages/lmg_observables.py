"""Observables of a stored finite-N LMG steady state: magnetizations, S(ρ_T), S(ρ_i), I_M (paper 000
Eqs. 7, A8-A10, A13). Reads the state written by a solver stage; never re-solves."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..dicke.observables import diagonal_entropy, diagonal_magnetization_z, observables
from ..dicke.state import state_from_frame
from ..information import qubit_mmi
from ..io import read_table, write_table
from ._args import parser


def diagonal_observables(table: pd.DataFrame, N: int) -> dict[str, float]:
    """From Dicke populations p_{J,J_z}: ⟨m_z⟩ and S(ρ_T) by Eq. A13; m_x = m_y = 0."""
    J, Jz, p = (table[c].to_numpy() for c in ("J", "Jz", "p"))
    return {"m_x": 0.0, "m_y": 0.0, "m_z": diagonal_magnetization_z(N, Jz, p), "S_T": diagonal_entropy(N, J, p),
            "trace": float(table["p"].sum()), "min_eigenvalue": float(table["p"].min())}


def main(argv: list[str]) -> None:
    p = parser(__doc__)
    p.add_argument("--state", required=True, help="parquet state file from a solver stage")
    a = p.parse_args(argv)
    table, meta = read_table(a.state)
    params = meta["parameters"]
    N = int(params["N"])
    if meta.get("representation") == "dicke_diagonal":
        obs = diagonal_observables(table, N)
    elif meta.get("representation") == "dicke_blocks":
        obs = observables(state_from_frame(table)).as_dict()
        for key in ("S_i", "I_M"):  # recomputed below, identically for both representations
            obs.pop(key)
    else:
        raise SystemExit(f"lmg_observables: unknown state representation {meta.get('representation')!r} in {a.state}")
    S_i, I_M = qubit_mmi(N, np.array([obs["m_x"], obs["m_y"], obs["m_z"]]), obs["S_T"])
    row = {**params, **obs, "S_i": S_i, "I_M": I_M, "I_M_per_N": I_M / N, "S_T_per_N": obs["S_T"] / N,
           "m_xy": float(np.hypot(obs["m_x"], obs["m_y"])), "residual": meta["residual"], "solver": meta["solver"]}
    write_table(a.out, pd.DataFrame([row]), {"stage": "lmg_observables", "parameters": params,
                                             "residual": meta["residual"], "state_file": a.state})
