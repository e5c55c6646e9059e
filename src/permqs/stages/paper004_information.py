"""Paper 004 at finite N (Sec. V): purity, negativity and I_M of the steady states of stage ``paper004_steady``.

``python -m permqs paper004_information --out FILE STEADY``: one row per state of a ``paper004_steady`` table with
trace, purity Tr ρ² and d^N Tr ρ² (Fig. 7), 𝒩_{A|B} for N_A = ⌈N/2⌉ (Eq. 17, Fig. 8), S(ρ), S(ρ_1),
I_M = N S(ρ_1) - S(ρ) and I_M/N (paper 000 Eq. 7), min_eigenvalue, hermiticity_error and purity_blocks (the purity by
the Schur-block route, a check of the multinomial one). A state the solver did not deliver keeps its row, with NaN
and the solver's reason in ``message``.

This stage solves nothing: it only reads states (a change of the information code reruns no solver job).
"""
from __future__ import annotations

import argparse
import logging

import numpy as np
import pandas as pd

from ..information.pi import information
from ..io import read_table, write_table
from ..qudit import PIBasis, PIState, sector
from ._progress import progress

log = logging.getLogger("permqs")
COLUMNS = ["trace", "purity", "purity_scaled", "purity_blocks", "negativity", "N_A", "S", "S_1", "I_M", "I_M_per_N",
           "min_eigenvalue", "hermiticity_error"]


def _measures(steady: pd.DataFrame) -> pd.DataFrame:
    sectors = {}
    rows = []
    keep = ["N", "d", "dissipator", "gamma_I", "gamma_C", "ok", "status", "residual", "message"]
    for _, r in progress(list(steady.iterrows()), "states", log):
        row = {k: r[k] for k in keep} | dict.fromkeys(COLUMNS, np.nan)
        if r["ok"]:
            N, d = int(r["N"]), int(r["d"])
            if (N, d) not in sectors:
                sectors[(N, d)] = sector(PIBasis(N, d), (1, 1))
            info = information(PIState(N, d, sectors[(N, d)].to_pi(np.asarray(r["x"]))))
            row |= {k: v for k, v in info.as_dict().items() if k in COLUMNS}
            row |= dict(purity_scaled=d ** N * info.purity, I_M_per_N=info.I_M / N)
        rows.append(row)
    return pd.DataFrame(rows, columns=keep + COLUMNS)


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs paper004_information", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("steady", help="a paper004_steady table")
    a = p.parse_args(argv)
    write_table(a.out, _measures(read_table(a.steady)[0]), {"stage": "paper004_information", "steady": a.steady})
