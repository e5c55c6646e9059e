"""permqs.solvers.evolve on a uniform grid that does not start at t = 0: x0 is the state at t0 (the docstring),
against the dense matrix exponential (scipy.linalg.expm) of the same generator, to round-off (1e-12)."""
import numpy as np
import scipy.linalg as la

from permqs.collective import collective_generator, product_state
from permqs.models.time_crystal import boundary_time_crystal
from permqs.solvers import evolve


def test_uniform_grid_starts_from_x0_at_t0():
    g = collective_generator(boundary_time_crystal(2.0), 4)
    x0 = product_state(g.space, [(0.3, 0.5)])
    L = g.static.toarray()
    times = np.linspace(1.0, 2.0, 5)
    for t0 in (1.0, 0.0, 0.4):
        r = evolve(g.problem(), x0, times, t0=t0)
        ref = np.array([la.expm(L * (t - t0)) @ x0 for t in times])
        assert r.method == "expm-multiply" and np.abs(r.states - ref).max() < 1e-12
