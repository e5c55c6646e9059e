"""Ground-state I_M/N of the LMG Hamiltonian along a field sweep at one N (paper 000 App. B, Fig. 2)."""
from __future__ import annotations

import logging

import pandas as pd

from ..dicke.ground_state import lmg_ground_state
from ..io import write_table
from ._args import parser
from ._progress import progress

log = logging.getLogger(__name__)


def main(argv: list[str]) -> None:
    p = parser(__doc__)
    p.add_argument("--N", type=int, required=True)
    p.add_argument("--J", type=float, required=True, help="exchange 𝒥 (< 0: ferromagnetic)")
    p.add_argument("--h", type=float, nargs="+", required=True, help="field values")
    a = p.parse_args(argv)
    rows = []
    for h in progress(a.h, "h points", log):
        g = lmg_ground_state(a.N, a.J, h)
        rows.append({"N": a.N, "J": a.J, "h": h, "energy": g.energy, "degeneracy": g.degeneracy, "m_x": g.m_x,
                     "m_y": g.m_y, "m_z": g.m_z, "S_i": g.S_i, "S_T": g.S_T, "I_M_per_N": g.I_M_per_N})
    write_table(a.out, pd.DataFrame(rows), {"stage": "lmg_ground_state",
                                            "parameters": {"N": a.N, "J": a.J, "h": a.h}})
