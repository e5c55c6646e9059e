"""Code fingerprints of workflow stages.

Snakemake cannot see library code behind a shell call, so each rule carries, as a parameter, a hash
of the library modules its stage really uses: the import closure of the stage module inside
``permqs`` (see :func:`import_closure`). Modules are
hashed as their abstract syntax tree without docstrings, so editing a comment or a docstring reruns
nothing, while any change of code reruns exactly the stages that import it.
"""
from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

ROOT = "permqs"


PACKAGE_DIR = Path(__file__).resolve().parent


def _source_path(module: str) -> Path | None:
    """The file of a permqs module, found on disk without importing anything."""
    parts = module.split(".")
    if parts[0] != ROOT:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _strip_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


def _is_package(module: str) -> bool:
    path = _source_path(module)
    return path is not None and path.name == "__init__.py"


def _imports(module: str, tree: ast.AST) -> set[str]:
    """permqs modules imported by ``module`` (absolute and relative imports, any nesting)."""
    package = module if _is_package(module) else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            # ``from pkg import name`` imports the submodule pkg.name when there is one.
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {m for m in found if (m == ROOT or m.startswith(ROOT + ".")) and _source_path(m) is not None}


def _with_parents(module: str) -> set[str]:
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


@lru_cache(maxsize=None)
def _module_ast(module: str) -> tuple[str, frozenset[str]]:
    path = _source_path(module)
    tree = ast.parse(path.read_text(), filename=str(path))
    deps = frozenset(_imports(module, tree))
    return ast.dump(_strip_docstrings(tree)), deps


def import_closure(module: str) -> list[str]:
    """The permqs modules whose code ``module`` uses, sorted.

    Explicit imports are followed transitively. The ``__init__`` of a package that is only a parent
    of a used module is included for its own code, but its re-exports are not followed: they run at
    import time but compute nothing for the stage.
    """
    used: set[str] = set()
    todo = [module]
    while todo:
        m = todo.pop()
        if m in used or _source_path(m) is None:
            continue
        used.add(m)
        todo.extend(_module_ast(m)[1])
    parents = {p for m in used for p in _with_parents(m) if _source_path(p) is not None}
    return sorted(used | parents)


@lru_cache(maxsize=None)
def code_fingerprint(stage: str) -> str:
    """Short hash of the code of ``permqs.stages.<stage>`` and everything it imports from permqs."""
    module = f"{ROOT}.stages.{stage}"
    if _source_path(module) is None:
        raise ValueError(f"no stage module {module}")
    digest = hashlib.sha256()
    for m in import_closure(module):
        digest.update(m.encode() + b"\0" + _module_ast(m)[0].encode() + b"\0")
    return digest.hexdigest()[:16]
