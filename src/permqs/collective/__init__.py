"""Finite-N dynamics of purely collective models: ensembles in J = N/2 times a truncated boson mode.

Paper 002 (Souza, Prazeres, Iemini): every finite-N figure is purely collective, so each ensemble stays in its
symmetric sector (dimension N + 1) and the Liouville space is ((N+1)^M d_b)², far smaller than the J-block
representation of :mod:`permqs.dicke` (whose steady state is degenerate across J for such models).

- :mod:`.space` (Hilbert/Liouville structure, gradings), :mod:`.generator` (𝓛 from a :class:`permqs.model.Model`),
  :mod:`.effective_boson` (Eqs. 15-16), :mod:`.states`, :mod:`.observables` (Eqs. 5-6),
- :mod:`.dynamics` (ρ(t)), :mod:`.steady` (NESS), :mod:`.pair` (NESS of two coupled ensembles, Kronecker form), :mod:`.spectrum` (slowest eigenvalues), :mod:`.floquet`
  (one-period map, Eq. 14), :mod:`.analytic` (closed forms, Eq. S11 fit), :mod:`.api` (notebook entry points).
"""
from .api import (BTCCumulants, FloquetGap, PairCumulants, PairSpectrum, btc_ness_cumulants, floquet_gap,
                  pair_ness_cumulants, pair_slowest_eigenvalues)
from .analytic import (DecayFit, asymptotic_decay_rate, btc_exact_magnetization, btc_exact_ness, hermitian_gap,
                       hermitian_magnetization)
from .dynamics import ExpmAction, PiecewiseConstant, evolve
from .effective_boson import EffectiveBosonParameters, effective_boson_generator, parity_sectors
from .floquet import OnePeriodMap, floquet_spectrum
from .generator import CollectiveGenerator, check_collective, collective_generator
from .observables import Cumulants, Observables, macroscopic_observables, quadratures
from .pair import BlockPreconditioner, PairGenerator, PairSolver, pair_generator, pair_steady_state
from .results import EvolutionResult, FloquetResult, SpectrumResult, SteadyStateResult
from .space import CollectiveSpace
from .spectrum import gap, spectrum_dense, spectrum_exp_arnoldi, spectrum_shift_invert
from .states import coherent_boson, direction_angles, product_state, spin_coherent
from .steady import steady_state, steady_state_direct

__all__ = [name for name in dir() if not name.startswith("_")]
