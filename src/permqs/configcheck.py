"""Validate a workflow configuration against JSON schemas, with messages that name the key.

The top-level schema (``config.schema.yaml``) describes global keys; each ``<section>.schema.yaml``
beside it describes one top-level section (one per paper). Unknown keys, wrong types, out-of-range
values and empty grids are all reported at once, before any job runs.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .errors import ConfigError


def load_schema(schema_dir: str | Path) -> dict[str, Any]:
    """The top-level schema with every section schema of ``schema_dir`` plugged in."""
    schema_dir = Path(schema_dir)
    schema = yaml.safe_load((schema_dir / "config.schema.yaml").read_text())
    props = schema.setdefault("properties", {})
    for path in sorted(schema_dir.glob("*.schema.yaml")):
        section = path.name.removesuffix(".schema.yaml")
        if section != "config":
            sub = yaml.safe_load(path.read_text())
            # Its own $id makes the section's "#/$defs/..." references resolve inside the section.
            sub.setdefault("$id", f"urn:permqs:config:{section}")
            props[section] = sub
    return schema


def _key(error: jsonschema.ValidationError) -> str:
    key = ""
    for part in error.absolute_path:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    return key or "<top level>"


def _allowed(error: jsonschema.ValidationError) -> str:
    s = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        return "allowed keys: " + ", ".join(sorted(s.get("properties", {})))
    hints = []
    if "type" in s:
        hints.append(f"type {s['type']}")
    if "enum" in s:
        hints.append("one of " + ", ".join(map(repr, s["enum"])))
    for bound, word in (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="), ("exclusiveMaximum", "<")):
        if bound in s:
            hints.append(f"{word} {s[bound]}")
    if "minItems" in s:
        hints.append(f"at least {s['minItems']} item(s)")
    if s.get("description"):
        hints.append(s["description"])
    return "allowed: " + ", ".join(hints) if hints else ""


def validate_config(config: dict[str, Any], schema_dir: str | Path) -> None:
    """Raise :class:`ConfigError` listing every violation as ``key: problem (allowed: ...)``."""
    schema = load_schema(schema_dir)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        lines = []
        for e in errors:
            allowed = _allowed(e)
            lines.append(f"  config key '{_key(e)}': {e.message}" + (f" ({allowed})" if allowed else ""))
        raise ConfigError("invalid configuration:\n" + "\n".join(lines))
