"""Render the half-half negativity of the paper-000 LMG steady state next to Fig. 1(b)."""
from __future__ import annotations

import argparse

import pandas as pd

from ..io import read_table
from ..plotting.paper000_negativity import negativity_figure
from ..plotting.style import save_figure


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs plot_paper000_negativity", description=__doc__)
    p.add_argument("--finite", required=True, help="aggregated finite-N table of Fig. 1(b)")
    p.add_argument("--limit", required=True, help="mean-field (N → ∞) table at the same h")
    p.add_argument("--negativity", nargs="+", required=True, help="lmg_negativity point tables")
    p.add_argument("--stem", required=True, help="output path without extension (.pdf and .png are written)")
    a = p.parse_args(argv)
    finite, limit = read_table(a.finite)[0], read_table(a.limit)[0]
    neg = pd.concat([read_table(f)[0] for f in a.negativity], ignore_index=True)
    h, J = limit["h"].iloc[0], limit["J"].iloc[0]
    save_figure(negativity_figure(finite, neg, limit, f"$h={h:g}\\gamma$, $\\mathcal{{J}}={J:g}\\gamma$"), a.stem)
