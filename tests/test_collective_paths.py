"""The fast paths of permqs.collective against the general ones they replace (same equations, other algorithm):
scipy's expm_multiply on a uniform grid vs the fixed-θ Taylor steps (a non-uniform grid forces them), and the
exact block exponential of a segment that conserves the coherence order vs its Taylor action. Both are exact to
double precision: we check 1e-12 relative."""
import numpy as np

from permqs.collective import collective_generator, effective_boson_generator, evolve, parity_sectors, product_state
from permqs.collective.effective_boson import EffectiveBosonParameters
from permqs.collective.floquet import OnePeriodMap, floquet_spectrum
from permqs.models.time_crystal import boundary_time_crystal


def test_uniform_grid_expm_multiply_equals_taylor_steps():
    g = collective_generator(boundary_time_crystal(2.0), 16)
    x0 = product_state(g.space, [(0.3, 0.5)])
    uniform = np.linspace(0.5, 20.5, 41)
    a = evolve(g.static, x0, uniform, trace=g.space.trace_weights)
    b = evolve(g.static, x0, np.r_[uniform[:-1], uniform[-1] + 0.25], trace=g.space.trace_weights)  # not uniform
    assert a.method == "expm-multiply" and b.method == "taylor-expm-action" and a.success and b.success
    assert np.abs(a.states[:-1] - b.states[:-1]).max() < 1e-12 * np.abs(b.states).max()


def test_block_exponential_of_the_undriven_segment_equals_taylor():
    p = EffectiveBosonParameters()
    g = effective_boson_generator(10, 30, p)
    _, odd = parity_sectors(g.space)
    r = g.restrict(odd)
    fast = OnePeriodMap(r.static, r.parts, p.period, g.space.grade[odd])
    slow = OnePeriodMap(r.static, r.parts, p.period)
    assert [type(E).__name__ for E, _, _ in fast.segments] == ["ExpmAction", "BlockExpm"]
    v = np.random.default_rng(0).normal(size=odd.size) + 1j * np.random.default_rng(1).normal(size=odd.size)
    y, z = fast(v), slow(v)
    assert np.abs(y - z).max() < 1e-12 * np.abs(z).max()
    a = floquet_spectrum(r.static, r.parts, p.period, k=2, steady=False, grade=g.space.grade[odd])
    b = floquet_spectrum(r.static, r.parts, p.period, k=2, steady=False)
    # the second multiplier is one of a conjugate pair, whichever ARPACK met first: compare moduli
    assert a.success and abs(a.eigenvalues[0] - b.eigenvalues[0]) < 1e-12 and abs(a.gap - b.gap) < 1e-12
    assert np.abs(np.abs(a.eigenvalues) - np.abs(b.eigenvalues)).max() < 1e-12
