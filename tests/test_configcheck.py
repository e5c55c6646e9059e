"""The workflow configuration is validated before any job runs, with messages naming the key."""
import copy
from pathlib import Path

import pytest
import yaml

from permqs.configcheck import ConfigError, validate_config

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "workflow" / "schemas"


def quick():
    return yaml.safe_load((ROOT / "config" / "config.yaml").read_text())


@pytest.mark.parametrize("name", ["config.yaml", "paper.yaml"])
def test_shipped_configs_are_valid(name):
    config = quick()
    if name == "paper.yaml":  # snakemake --configfile merges the paper values over the quick ones
        def merge(a, b):
            for k, v in b.items():
                a[k] = merge(a.get(k, {}), v) if isinstance(v, dict) and isinstance(a.get(k), dict) else v
            return a
        config = merge(config, yaml.safe_load((ROOT / "config" / name).read_text()))
    validate_config(config, SCHEMAS)


@pytest.mark.parametrize("edit,key,allowed", [
    (lambda c: c["paper000"]["fig1a"]["N"].__setitem__(0, 1), "paper000.fig1a.N[0]", ">= 2"),
    (lambda c: c["paper000"]["fig1a"]["N"].__setitem__(0, "ten"), "paper000.fig1a.N[0]", "integer"),
    (lambda c: c["paper000"]["fig1a"]["Gamma"].__setitem__(1, -0.5), "paper000.fig1a.Gamma[1]", ">= 0"),
    (lambda c: c["paper000"]["fig1a"].__setitem__("Gamma", []), "paper000.fig1a.Gamma", "at least 1"),
    (lambda c: c["paper000"].__setitem__("gamma", -1.0), "paper000.gamma", "> 0"),
    (lambda c: c["paper000"].__setitem__("solver", "magic"), "paper000.solver", "'permqs', 'piqs'"),
    (lambda c: c["paper000"].__setitem__("Nmax", 3), "paper000", "allowed keys"),
    (lambda c: c.__setitem__("paper999", {}), "<top level>", "allowed keys"),
])
def test_bad_values_name_the_key_and_the_allowed_values(edit, key, allowed):
    config = copy.deepcopy(quick())
    edit(config)
    with pytest.raises(ConfigError) as err:
        validate_config(config, SCHEMAS)
    message = str(err.value)
    assert f"config key '{key}'" in message
    assert allowed in message
