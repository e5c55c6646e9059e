"""Mean-field (N → ∞) dynamics of a permutation-invariant model (paper 000 Eq. 5, App. C; paper 004 Eq. 9).

State vector y (real, length ``mf.dim``): per ensemble e the d²-1 generalized Gell-Mann Bloch components ξ_e
(ρ_e = (1 + ξ_e·v)/d, :func:`permqs.operators.gell_mann` order; for d = 2 ξ = (m_x, m_y, m_z)), then
(Re α_μ, Im α_μ) per boson mode, α_μ = ⟨a_μ⟩/√N. Jacobians, monodromy matrices and Floquet multipliers are in
these coordinates (the d²-1 Bloch coordinates of Eq. C1, plus two per mode).

Drift (drift.py) — ``mf = MeanField(model)`` for any :class:`permqs.model.Model` (any d, several ensembles,
bosons, modulations f(t)):
  mf(t, y) -> dy/dt; mf.jacobian(t, y) -> exact ∂g/∂y (solve_ivp signatures; precomputed tensors, ~6 µs for LMG)
  mf.rho_derivative(t, rhos, alphas=None) -> (dρ_e/dt, dα_μ/dt)   the density-matrix formulas (reference)
  mf.pack(rhos, alphas=None), mf.from_bloch(xi, alphas=None) -> y  (one state is broadcast to all ensembles;
      ξ(ρ) is linear, so pack(dρ, dα) converts derivatives too)
  mf.unpack(y) -> (rhos, alphas); mf.rhos(y), mf.bloch(y) (..., n_ens, d²-1), mf.alphas(y); batch axes first
  mf.random_coherent_state(rng) -> y; spin_coherent_state(d, direction), random_spin_coherent_state(d, rng) -> ρ
  Mean-field rules: term c f N^(1-k) V[A_1]…V[A_k] -> H_mf,e = c f Σ_{j on e} Π_{l≠j}⟨A_l⟩ A_j; collective
  (1/N)Σ c_ab(...) -> ½Σ c_ab(⟨A_b†⟩[A_a,ρ] + ⟨A_a⟩[ρ,A_b†]); coupling g f/√N (a+a†)V[A] -> 2 g f Re(α) A in
  H_mf and dα/dt = -iωα - κα/2 - i g f ⟨A⟩.

Integration (integrate.py): integrate(mf, y0, t_span, tol=TIGHT, **solve_ivp_kwargs) (DOP853, rtol 1e-10,
  atol 1e-12, dense output); sample_window(mf, y0, t0, length, n) -> (n, dim) uniform samples.
Attractors (attractor.py): find_attractor(mf, y0=None, *, transient=30, chunk=30, max_time=5000,
  drive_period=None, return_tol=1e-8, ...) -> Attractor(kind, t, y, period, loops, return_error), kind in
  FIXED_POINT, LIMIT_CYCLE, PERIOD_DOUBLED (loops ≥ 2), APERIODIC. Time-dependent models need drive_period
  (stroboscopic test).
Eq. 13 (observables.py): limit_observables(model, y0=None, **find_attractor_options) -> LimitObservables with
  kind, period, rho_mean (n_ens, d, d), bloch_mean (n_ens, d²-1), alpha_mean, entropy_mean = mean_t S(ρ_e,t)
  (= lim S_T/N), entropy_of_mean = S(ρ̄_e) (= lim S(ρ_i)), mutual_information_per_ensemble and
  mutual_information = Σ_e [S(ρ̄_e) - mean_t S(ρ_e,t)] (= lim I_M/N, N the size of one ensemble; 0 at a fixed
  point). observables_on(mf, attractor) does the averaging for an attractor already found.
Floquet (floquet.py): floquet_multipliers(mf, y, period, t=0) -> FloquetResult(multipliers, trivial) with
  .nontrivial, .is_hyperbolic(tol), .is_attracting(tol); monodromy(mf, y, period, t) -> (φ_T(y), M(T));
  refine_cycle(mf, y, period, t=0) -> Cycle(t, y, period, floquet, residual) | None (Newton shooting).
Fixed points (fixed_points.py): refine_fixed_point(mf, y) -> FixedPoint(y, eigenvalues, residual) | None;
  find_fixed_points(mf, starts) -> distinct physical fixed points, stable first; stability(mf, y) -> eigenvalues.
Continuation (continuation.py, the only one): continue_branch(family | builder: p -> Model, p_start, p_stop,
  y_start, step=0.01, max_step=0.05, *, inside=None, stop_on=()) -> Branch(params, states, eigenvalues,
  bifurcations, status, message, residual, iterations, seconds, method) by pseudo-arclength (passes folds);
  Bifurcation(kind in "fold", "branch_point", "hopf", param, y, eigenvalue, index) from sign changes of test
  functions, located by Brent's method. model_family(builder, p_a, p_b, affine=None) -> Family (exact ∂g/∂p from
  two drifts when the model is affine in p, else finite differences); affine_family(mf_a, mf_b, p_a, p_b);
  Family(drift, jacobian, d_drift_dp) for any g(y; p); conserved_family(family, constraint, count) for fixed
  points on a level set of conserved quantities (spin lengths); solve_at / fixed_point_at (Newton at fixed p);
  states_on_branch(family, branch, params). Failures raise ContinuationError / ConvergenceError.
"""
from .attractor import APERIODIC, FIXED_POINT, LIMIT_CYCLE, PERIOD_DOUBLED, Attractor, find_attractor
from .drift import MeanField, random_spin_coherent_state, spin_coherent_state
from .continuation import (
    Bifurcation, Branch, Family, affine_family, conserved_family, continue_branch, fixed_point_at, model_family, solve_at,
    states_on_branch,
)
from .fixed_points import FixedPoint, find_fixed_points, refine_fixed_point, stability
from .floquet import Cycle, FloquetResult, floquet_multipliers, monodromy, refine_cycle
from .integrate import TIGHT, Tolerances, integrate, sample_window
from .observables import LimitObservables, limit_observables, observables_on

__all__ = [
    "APERIODIC", "FIXED_POINT", "LIMIT_CYCLE", "PERIOD_DOUBLED", "TIGHT",
    "Attractor", "Bifurcation", "Branch", "Cycle", "Family", "FixedPoint", "FloquetResult", "LimitObservables",
    "MeanField", "Tolerances", "affine_family", "conserved_family", "continue_branch", "find_attractor", "find_fixed_points",
    "fixed_point_at", "floquet_multipliers", "integrate", "limit_observables", "model_family", "monodromy",
    "observables_on", "random_spin_coherent_state", "refine_cycle", "refine_fixed_point", "sample_window",
    "solve_at", "spin_coherent_state", "stability", "states_on_branch",
]
