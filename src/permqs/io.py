"""Parquet tables with provenance: every file carries its parameters, the package version and,
for solvers, the residual, in the parquet key-value metadata under the key ``permqs``.

Writes are atomic (temporary file in the same folder, then rename), so an interrupted job never
leaves a truncated table in the cache.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__

META_KEY = b"permqs"


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if isinstance(value, complex):
        return {"re": value.real, "im": value.imag}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def write_table(path: str | os.PathLike, table: pd.DataFrame, meta: dict[str, Any]) -> Path:
    """Write ``table`` to ``path`` with ``meta`` (parameters, residual, ...) and the package version."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    info = {"permqs_version": __version__, **_jsonable(meta)}
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), META_KEY: json.dumps(info).encode()})
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp creates 0600; cache files are meant to be shared
    try:
        pq.write_table(arrow, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_table(path: str | os.PathLike) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The table and its metadata dictionary."""
    arrow = pq.read_table(path)
    meta = json.loads((arrow.schema.metadata or {}).get(META_KEY, b"{}"))
    return arrow.to_pandas(), meta


def read_meta(path: str | os.PathLike) -> dict[str, Any]:
    """Only the metadata (cheap: reads the footer)."""
    return json.loads((pq.read_schema(path).metadata or {}).get(META_KEY, b"{}"))
