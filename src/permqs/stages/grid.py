"""Parameter grid: the Cartesian product of named value lists, one row per point."""
from __future__ import annotations

import itertools

import pandas as pd

from ..io import write_table
from ._args import parser


def main(argv: list[str]) -> None:
    p = parser(__doc__)
    p.add_argument("--param", action="append", default=[], metavar="NAME=V1,V2,...",
                   help="a parameter and its values (repeatable)")
    args = p.parse_args(argv)
    names, values = [], []
    for spec in args.param:
        name, _, vals = spec.partition("=")
        names.append(name)
        values.append([float(v) for v in vals.split(",") if v])
    table = pd.DataFrame(list(itertools.product(*values)), columns=names)
    write_table(args.out, table, {"stage": "grid", "parameters": dict(zip(names, values))})
