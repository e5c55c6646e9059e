"""Config sections paper002/paper003: the shipped files validate, bad values fail naming the key."""
import copy
from pathlib import Path

import pytest
import yaml

from permqs.configcheck import ConfigError, validate_config

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "workflow" / "schemas"


def load(name):
    return yaml.safe_load((ROOT / "config" / name).read_text())


@pytest.mark.parametrize("name", ["config.yaml", "paper.yaml"])
def test_shipped_sections_are_valid(name):
    """paper.yaml overrides config.yaml (snakemake --configfile): validate our sections of each on that base."""
    config, ours = load("config.yaml"), load(name)
    assert {"paper002", "paper003"} <= set(ours)
    config.update({k: ours[k] for k in ("paper002", "paper003")})
    validate_config(config, SCHEMAS)


@pytest.mark.parametrize("section, key, value, named", [
    ("paper003", "g0_points", [], "paper003.g0_points"),
    ("paper003", "M", 0, "paper003.M"),
    ("paper003", "Omgea", 0.5, "paper003"),
    ("paper002", "omega_z", [0.1], "paper002.omega_z"),
    ("paper002", "periods", 0, "paper002.periods"),
])
def test_bad_values_name_the_key(section, key, value, named):
    config = copy.deepcopy(load("config.yaml"))
    config[section][key] = value
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        validate_config(config, SCHEMAS)
