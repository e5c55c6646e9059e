"""Paper 004 Sec. IV reproduction rows (reproduction.paper004_finite) and the Fig. 6(b) fit they read."""
import numpy as np
import pandas as pd
import pytest

from permqs.analysis.paper004_finite import critical_gamma_I, fig6_intercepts
from permqs.qudit import sector_dimensions
from permqs.reproduction import paper004_finite as R


def _fig6_table(lines):
    """A fig6-shaped table whose gaps at γ_I = 1.8 lie on a + b/N (and a decoy at γ_I = 1.0)."""
    rows = []
    for (d, dis, sec), (a, b, Ns) in lines.items():
        for N in Ns:
            for gI, gap in ((1.8, a + b / N), (1.0, 99.0)):
                rows.append(dict(N=N, d=d, dissipator=dis, gamma_I=gI, gamma_C=0.2, sector=sec, gap=gap))
    return pd.DataFrame(rows)


def test_intercepts_fit_the_last_three_N_and_share_d_le_3():
    lines = {(3, "spin", "(-1,+1)"): (0.07, 2.0, [3, 6, 9, 12, 15, 18]),
             (4, "uniform", "(-1,+1)"): (0.05, 1.0, [3, 6, 9]),
             (4, "spin", "(-1,+1)"): (0.14, 1.5, [3, 6, 9])}
    t = _fig6_table(lines)
    t.loc[(t.N == 3) & (t.d == 3), "gap"] = 50.0  # off the line, and not among the last three: must not matter
    f = fig6_intercepts(t, 1.8)
    got = {(r.dissipator, r.d): (r.intercept, r.N) for r in f.itertuples()}
    assert got[("spin", 3)] == (pytest.approx(0.07, abs=1e-12), "12,15,18")
    assert got[("uniform", 3)] == got[("spin", 3)]  # L_≡ = L_spin for d <= 3
    assert got[("uniform", 4)][0] == pytest.approx(0.05, abs=1e-12)
    assert got[("spin", 4)][0] == pytest.approx(0.14, abs=1e-12)


def _measurements(intercepts, fit_N, point=(1.8, 0.2)):
    rows = [dict(key="sector_dim", N=N, d=d, sector=f"({p1:+d},{p2:+d})", value=float(v))
            for N, d in [(150, 2), (6, 5), (5, 5), (7, 4)] for (p1, p2), v in sector_dimensions(N, d).items()]
    rows += [dict(key="intercept", d=d, sector="(-1,+1)", dissipator="spin", fit_N=fit_N[d], gamma_I=point[0],
                  gamma_C=point[1], value=v) for d, v in intercepts.items()]
    return pd.DataFrame(rows, columns=["key", "N", "d", "sector", "dissipator", "fit_N", "gamma_I", "gamma_C",
                                       "value"])


def test_rows_judge_dimensions_and_interval_ends():
    paper_N = {2: "60,80,100", 3: "12,15,18", 4: "3,6,9", 5: "2,4,6"}
    rows = R.checks(_measurements({2: 0.067, 3: 0.07, 4: 0.10, 5: 0.1415}, paper_N))
    dims = [r for r in rows if "dimension" in r.quantity]
    assert len(dims) == 10 and all(r.agrees for r in dims)
    lo, hi = [r for r in rows if "Δ^(-1,+1)" in r.quantity]
    assert (lo.paper_value, lo.ours, hi.paper_value, hi.ours) == (0.066, 0.067, 0.142, 0.1415)
    assert lo.agrees and hi.agrees and "QUICK" not in lo.quantity
    # an end off by more than the tolerance disagrees, and fits at other N say so
    quick = {**paper_N, 3: "3,4,5"}
    lo, hi = [r for r in R.checks(_measurements({2: 0.067, 3: 0.2, 4: 0.10, 5: 0.1415}, quick))
              if "Δ^(-1,+1)" in r.quantity]
    assert not hi.agrees and "QUICK CONFIG: d = 3" in hi.quantity


def test_intercepts_at_another_point_are_not_judged():
    """A config at γ_C/|V| = 0.3 extrapolates at its own transition (1.7, 0.3): not the paper's numbers."""
    paper_N = {2: "60,80,100", 3: "12,15,18", 4: "3,6,9", 5: "2,4,6"}
    rows = R.checks(_measurements({2: 0.067, 3: 0.07, 4: 0.10, 5: 0.1415}, paper_N, point=(1.7, 0.3)))
    assert len(rows) == 10 and all("dimension" in r.quantity for r in rows)


def test_critical_point_is_the_mean_field_line():
    assert critical_gamma_I(0.2) == 1.8 and critical_gamma_I(0.3) == 1.7 and critical_gamma_I(0.5, V=-1.5) == 2.5
