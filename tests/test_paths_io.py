"""Canonical path spelling and the parquet cache format."""
import numpy as np
import pandas as pd
import pytest

from permqs import __version__
from permqs.io import read_meta, read_table, write_table
from permqs.paths import fmt, parse


@pytest.mark.parametrize("a,b,s", [(0.5, 0.50, "0.5"), (2.0, 2, "2"), (0.0, -0.0, "0"), (1e-5, 0.00001, "1e-5"),
                                   (0.1 + 0.2, 0.3, "0.3"), (1600, 1600.0, "1600")])
def test_fmt_is_canonical(a, b, s):
    assert fmt(a) == fmt(b) == s
    assert parse(fmt(a)) == pytest.approx(a, rel=1e-12)


def test_fmt_refuses_non_finite():
    with pytest.raises(ValueError):
        fmt(float("nan"))


def test_table_roundtrip_carries_parameters_version_residual(tmp_path):
    df = pd.DataFrame({"J": [1.0, 0.0], "p": [0.25, 0.75]})
    path = write_table(tmp_path / "a" / "b.parquet", df, {"parameters": {"N": 2, "h": np.float64(0.5)}, "residual": 1e-13})
    back, meta = read_table(path)
    pd.testing.assert_frame_equal(back, df)
    assert meta["parameters"] == {"N": 2, "h": 0.5}
    assert meta["residual"] == 1e-13
    assert meta["permqs_version"] == __version__ == read_meta(path)["permqs_version"]
    assert [p.name for p in path.parent.iterdir()] == ["b.parquet"]  # no temporary file left behind


def test_failed_write_leaves_nothing(tmp_path):
    class Boom:
        pass

    with pytest.raises(Exception):
        write_table(tmp_path / "x.parquet", pd.DataFrame({"a": [Boom()]}), {})
    assert list(tmp_path.iterdir()) == []
