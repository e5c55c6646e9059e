"""Argument parsing shared by the stages."""
from __future__ import annotations

import argparse


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m permqs", description=description)
    p.add_argument("--out", required=True, help="output parquet file")
    return p


def lmg_arguments(p: argparse.ArgumentParser, with_N: bool = True) -> None:
    """Couplings of the LMG model (paper 000 Eqs. 14-15)."""
    if with_N:
        p.add_argument("--N", type=int, required=True, help="number of spins")
    p.add_argument("--h", type=float, required=True, help="transverse field h (units of γ)")
    p.add_argument("--Gamma", type=float, required=True, help="collective decay rate Γ")
    p.add_argument("--J", type=float, required=True, help="exchange 𝒥")
    p.add_argument("--gamma", type=float, required=True, help="local pumping rate γ")
