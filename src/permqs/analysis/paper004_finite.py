"""Paper 004 Fig. 6(b): the N → ∞ extrapolation of the sector gaps at the transition point (Sec. IV).

The paper fits Δ^(p1,p2)(N) linearly in 1/N through the last three points of each d ("Dashed lines in (b) are linear
fits to the last three points", Fig. 6 caption) and quotes the intercepts' spread. L_≡ = L_spin for d <= 3 (Sec. II),
so the spin-ladder table stands for both dissipators there.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

DISSIPATORS = ("spin", "uniform")


def critical_gamma_I(gamma_C: float, V: float = 1.0) -> float:
    """γ_I of Fig. 6(b) at γ_C: the mean-field transition line γ_I + γ_C = 2|V| (App. B; Fig. 6 caption:
    "1.8 + 0.2 = 2")."""
    return round(2.0 * abs(V) - gamma_C, 12)


def fig6_intercepts(table: pd.DataFrame, gamma_I: float, last: int = 3) -> pd.DataFrame:
    """Fits Δ = a + b/N to the ``last`` largest N with a finite gap at γ_I, per (dissipator, sector, d), from
    ``paper004_finite fig6`` tables. Columns: dissipator, sector, d, intercept (a), slope (b), N (the fitted N,
    comma-separated). A (d, sector) with fewer than two finite points gives no row."""
    rows = []
    crit = table[np.isclose(table["gamma_I"], gamma_I) & np.isfinite(table["gap"])]
    for dis in DISSIPATORS:
        for d in sorted(crit["d"].unique()):
            sub = crit[(crit["d"] == d) & (crit["dissipator"] == (dis if d > 3 else "spin"))]
            for sec in sorted(sub["sector"].unique()):
                pts = sub[sub["sector"] == sec].sort_values("N", ascending=False).head(last)
                if len(pts) < 2:
                    continue
                slope, intercept = np.polyfit(1.0 / pts["N"].to_numpy(float), pts["gap"].to_numpy(float), 1)
                rows.append(dict(dissipator=dis, sector=sec, d=int(d), intercept=float(intercept),
                                 slope=float(slope), N=",".join(str(int(n)) for n in sorted(pts["N"]))))
    return pd.DataFrame(rows, columns=["dissipator", "sector", "d", "intercept", "slope", "N"])
