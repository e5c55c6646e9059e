"""qutip.piqs as an alternative finite-N backend (Shammah et al., PRA 98, 063815 (2018)).

piqs covers the models whose dissipators are multiples of the ones it knows: collective and local
σ_-, σ_+, σ_z. Its Liouvillian acts on the full Dicke-basis density matrix (J descending, m descending);
:func:`piqs_steady_state` solves it with qutip.steadystate and converts the result to a
:class:`DickeState`, so the observables of :mod:`.observables` work on both backends. piqs computes
its local rates in single precision, so agreement with :mod:`.steady` is ~1e-6, not machine precision.
"""
from __future__ import annotations

import time

import numpy as np
import qutip
from qutip import piqs

from ..errors import ConvergenceError
from ..model import Model
from ..solvers.result import BREAKDOWN, CONVERGED, MAXITER, SteadyStateResult, status_message
from ..operators import SIGMA_MINUS, SIGMA_PLUS, SIGMA_Z
from .basis import DickeBasis
from .liouvillian import check_model
from .state import DickeState

# piqs keyword of each (collective, local) dissipator, and the rate factor relating our operators to
# piqs's: collective V[σ_z] = 2 J_z and piqs's collective dephasing is D[J_z]; its local dephasing
# is that of σ_z/2 (both factors 4 checked against the brute-force and J-block engines).
_COLLECTIVE = {"minus": ("collective_emission", 1.0), "plus": ("collective_pumping", 1.0),
               "z": ("collective_dephasing", 4.0)}
_LOCAL = {"minus": ("emission", 1.0), "plus": ("pumping", 1.0), "z": ("dephasing", 4.0)}
_KNOWN = {"minus": SIGMA_MINUS, "plus": SIGMA_PLUS, "z": SIGMA_Z}


def _as_known(A: np.ndarray, what: str) -> tuple[str, float]:
    """(name, |c|²) with A = c·(σ_-, σ_+ or σ_z); ValueError otherwise."""
    for name, B in _KNOWN.items():
        c = np.vdot(B, A) / np.vdot(B, B)
        if np.allclose(A, c * B, atol=1e-14):
            return name, float(abs(c) ** 2)
    raise ValueError(f"piqs backend: {what} {A.tolist()} is not a multiple of σ_-, σ_+ or σ_z")


def _collective_dicke(A: np.ndarray, N: int) -> qutip.Qobj:
    """V[A] in piqs's Dicke basis (the same formula as in :mod:`.liouvillian`)."""
    jz, jp, jm = piqs.jspin(N, "z"), piqs.jspin(N, "+"), piqs.jspin(N, "-")
    one = qutip.qeye_like(jz)
    return A[0, 0] * (N / 2 * one + jz) + A[1, 1] * (N / 2 * one - jz) + A[0, 1] * jp + A[1, 0] * jm


def piqs_system(model: Model, N: int) -> piqs.Dicke:
    """piqs's Dicke object for ``model`` (ValueError for dissipators piqs does not have)."""
    check_model(model)
    H = 0 * piqs.jspin(N, "z")
    for t in model.hamiltonian:
        prod = qutip.qeye_like(H)
        for f in t.factors:
            prod = prod * _collective_dicke(np.asarray(f.matrix), N)
        H = H + t.coefficient * N ** (1 - len(t.factors)) * prod
    rates: dict[str, float] = {}
    for diss in model.collective:
        if len(diss.operators) != 1:
            raise ValueError("piqs backend: only single collective jumps (1×1 Kossakowski matrices)")
        name, c2 = _as_known(np.asarray(diss.operators[0]), "collective jump")
        key, factor = _COLLECTIVE[name]
        rates[key] = rates.get(key, 0.0) + float(np.real(diss.kossakowski[0, 0])) * c2 * factor / N
    for jump in model.local:
        name, c2 = _as_known(np.asarray(jump.operator), "local jump")
        key, factor = _LOCAL[name]
        rates[key] = rates.get(key, 0.0) + jump.rate * c2 * factor
    return piqs.Dicke(N, hamiltonian=H, **rates)


def dicke_matrix_to_state(rho: qutip.Qobj | np.ndarray, N: int) -> DickeState:
    """Block-diagonal Dicke-basis matrix (J, m descending) → :class:`DickeState`."""
    full = rho.full() if isinstance(rho, qutip.Qobj) else np.asarray(rho)
    basis = DickeBasis(N)
    J, m, mp = basis.labels
    # Start of block J in piqs's order: Σ_{J' > J} (2J'+1); inside it, index J - m.
    js = basis.J_values
    start = {float(j): int(np.sum(2 * js[js > j] + 1)) for j in js}
    s = np.array([start[float(j)] for j in js])[np.rint(J - js[0]).astype(int)]
    return DickeState(N, full[s + np.rint(J - m).astype(int), s + np.rint(J - mp).astype(int)])


def piqs_steady_state(model: Model, N: int, method: str = "direct", tol: float = 1e-6) -> SteadyStateResult:
    """Steady state of ``model`` through piqs.Dicke(...).liouvillian() and qutip.steadystate, judged by its
    residual ‖𝓛_piqs ρ‖/‖ρ‖ in piqs's own Liouvillian. qutip's direct solve of it reaches only ~6e-8 for the
    LMG model at N = 7 (its rates are single precision), hence the default tol of 1e-6, the accuracy at which
    piqs agrees with our solver. Raises ConvergenceError with the residual when it is above ``tol``."""
    t0 = time.perf_counter()
    L = piqs_system(model, N).liouvillian()
    rho = qutip.steadystate(L, method=method)
    seconds = time.perf_counter() - t0
    vec = qutip.operator_to_vector(rho)
    residual = float((L * vec).norm() / vec.norm())
    status = BREAKDOWN if not np.isfinite(residual) else CONVERGED if residual <= tol else MAXITER
    message = status_message(status, f"qutip.piqs steady state of '{model.name}'",
                             f"residual {residual:.3e} (tol {tol:.1e}), N={N}, steadystate({method})")
    state = dicke_matrix_to_state(rho, N)
    result = SteadyStateResult(status, message, residual, 0, seconds, f"piqs-{method}", {}, x=state.vector,
                               state=state)
    return result.raise_for_status(ConvergenceError)
