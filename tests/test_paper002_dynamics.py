"""Paper 002 acceptance tests: BTC threshold (Eq. 12) and the attractors of Fig. 3(a, b)."""
import numpy as np
import pytest

from permqs.analysis.paper002 import START, btc_critical_ratio, btc_has_stable_fixed_point, coupled_btc_cycle
from permqs.meanfield import MeanField, integrate, refine_fixed_point
from permqs.meanfield.integrate import Tolerances
from permqs.models.time_crystal import (
    CoupledBTCParameters, SpinBosonParameters, coupled_btc_parameters, eq12_as_printed, spin_boson_model,
)

RELAX = Tolerances(rtol=1e-8, atol=1e-10)


def test_btc_threshold_is_omega_x_equal_kappa():
    """Text after Eq. 12: relaxation for ω_x/κ < 1, persistent oscillation (Fig. 1: ω_x/κ = 2) above; tol 1e-5."""
    assert btc_has_stable_fixed_point(0.5) and not btc_has_stable_fixed_point(2.0)
    assert btc_critical_ratio() == pytest.approx(1.0, abs=1e-9)  # a fold located by the continuation engine


@pytest.mark.parametrize("omega_zz, loops", [(0.35, 1), (1.0, 2)])
def test_fig3_limit_cycle_and_period_doubling(omega_zz, loops):
    """Fig. 3 caption: (a) ω_zz = 0.35 limit cycle, (b) ω_zz = 1 period doubling (two loops per period)."""
    s = coupled_btc_cycle(CoupledBTCParameters(omega_zz=omega_zz))
    assert s.loops == loops and s.is_attracting  # Floquet: an attracting orbit, not a slow transient
    assert s.kind == ("limit_cycle" if loops == 1 else "period_doubled")
    if loops == 2:  # the two loops cross the section at clearly distinct points
        assert np.ptp(s.section_mz) > 0.1


@pytest.mark.parametrize("omega_zz", [0.35, 1.0])
def test_eq12_as_printed_gives_a_fixed_point_instead(omega_zz):
    """The Kossakowski matrix exactly as printed in Eq. 12 (a pump, (√κ/S)D[S_+]) relaxes to a stable focus:
    it cannot produce Fig. 3 (docs/conventions-002-003.md)."""
    p = coupled_btc_parameters(CoupledBTCParameters(omega_zz=omega_zz))
    mf = MeanField(spin_boson_model(SpinBosonParameters(p.omega, p.omega2, np.array([eq12_as_printed(1.0)] * 2))))
    y = integrate(mf, mf.from_bloch(START), (0.0, 400.0), RELAX).y[:, -1]
    fp = refine_fixed_point(mf, y)
    assert fp is not None and np.linalg.norm(fp.y - y) < 0.05  # the trajectory spirals into it
    # two zero eigenvalues (the conserved |m_1|, |m_2|), all others strictly damped
    assert np.all(fp.eigenvalues.real[2:] < -1e-3)


def test_symmetric_xx_coupling_is_not_the_figure_convention():
    """Reading ω_xx^(1,2) = 3 as both ordered pairs of the double sum (ω^(2,1) = 3 too) relaxes to a fixed point."""
    p = coupled_btc_parameters(CoupledBTCParameters(omega_zz=0.35))
    w2 = p.omega2.copy()
    w2[1, 0] = w2[0, 1]
    mf = MeanField(spin_boson_model(SpinBosonParameters(p.omega, w2, p.Gamma)))
    y = integrate(mf, mf.from_bloch(START), (0.0, 400.0), RELAX).y[:, -1]
    fp = refine_fixed_point(mf, y)
    assert fp is not None and np.linalg.norm(fp.y - y) < 1e-3 and np.all(fp.eigenvalues.real[2:] < -1e-3)


@pytest.mark.slow
def test_fig3a_limit_cycle_from_random_initial_states():
    """ω_zz = 0.35: every random pair of spin coherent states ends on the same limit cycle."""
    rng = np.random.default_rng(7)
    for _ in range(4):
        start = rng.normal(size=(2, 3))
        s = coupled_btc_cycle(CoupledBTCParameters(omega_zz=0.35), start / np.linalg.norm(start, axis=1)[:, None])
        assert s.loops == 1 and s.period == pytest.approx(4.945811, abs=1e-5)


@pytest.mark.slow
def test_fig3b_period_doubled_orbit_coexists_with_slow_orbits():
    """ω_zz = 1: random starts end on the period-doubled orbit (period 7.9101) or on a family of slow orbits near
    the equator (section m_1^z ≈ 0.015, period ≈ 3.13-3.16 depending on the start); docs/conventions-002-003.md."""
    rng = np.random.default_rng(7)
    rng.normal(size=(16, 2, 3))  # the draws of the 0.35 survey in the docs
    kinds = set()
    for _ in range(6):
        start = rng.normal(size=(2, 3))
        s = coupled_btc_cycle(CoupledBTCParameters(omega_zz=1.0), start / np.linalg.norm(start, axis=1)[:, None],
                              transient=2000.0)
        if s.loops == 2:
            assert s.period == pytest.approx(7.910102, abs=1e-5)
            kinds.add("period_doubled")
        else:
            assert np.allclose(s.section_mz, 0.015, atol=2e-3)
            kinds.add("slow")
    assert kinds == {"period_doubled", "slow"}


def test_numbers_stage_writes_nothing_when_a_root_is_not_found(tmp_path, monkeypatch):
    from permqs.errors import ConvergenceError
    from permqs.stages import paper002 as stage

    def fail(*args, **kwargs):
        raise ConvergenceError("forced: no root of the BTC drift found")

    monkeypatch.setattr(stage, "btc_critical_ratio", fail)
    out = tmp_path / "rows.parquet"
    with pytest.raises(ConvergenceError, match="forced"):
        stage.main(["numbers", "--out", str(out), "--trajectories", str(tmp_path / "unused.parquet")])
    assert not out.exists()
