"""qutip reference for the paper-002 Fig. 3 pair (spec §2): the NESS moments from hand-built collective operators,
independent of permqs's Model and collective generator."""
from __future__ import annotations

import numpy as np
import qutip


def qutip_pair_ness_moments(N: int, omega_zz: float) -> tuple[np.ndarray, np.ndarray]:
    """⟨m̂_j^α⟩ (m̂ = S/S, order x1 y1 z1 x2 y2 z2) and their symmetrized covariance in the NESS of
    H = Σ_j (2 S_j^x + ω_z,j S_j^z) + (3 S_1^x S_2^x + ω_zz S_1^z S_2^z)/S, jumps √(1/S) S_j^- (ω_z = 0.1, 0.02)."""
    S = N / 2
    I = qutip.qeye(N + 1)
    J1 = {k: qutip.tensor(qutip.jmat(S, k), I) for k in "xyz-"}
    J2 = {k: qutip.tensor(I, qutip.jmat(S, k)) for k in "xyz-"}
    H = sum(2.0 * J["x"] + wz * J["z"] for J, wz in ((J1, 0.1), (J2, 0.02)))
    H = H + (3.0 * J1["x"] * J2["x"] + omega_zz * J1["z"] * J2["z"]) / S
    rho = qutip.steadystate(H, [np.sqrt(1 / S) * J1["-"], np.sqrt(1 / S) * J2["-"]])
    ops = [J[k] / S for J in (J1, J2) for k in "xyz"]
    mean = np.array([qutip.expect(o, rho) for o in ops])
    cov = np.array([[np.real(qutip.expect(a * b + b * a, rho)) / 2 - mean[i] * mean[j] for j, b in enumerate(ops)]
                    for i, a in enumerate(ops)])
    return mean, cov
