"""Eigenvalues of dense complex Hermitian matrices, and a Cholesky certificate of positivity.

``hermitian_eigenvalues`` calls LAPACK's ``zheevd_2stage`` (values only), which reduces to tridiagonal form in
two stages (dense -> band by BLAS-3, band -> tridiagonal by bulge chasing) instead of ``zhetrd``'s half BLAS-2
sweep that numpy's ``eigvalsh`` (``zheevd``) uses: 2.5x faster at n = 2601 on one core (4.8 s vs 12.1 s), the same
eigenvalues to 1e-14 relative. Neither numpy nor scipy wraps the two-stage drivers, so it is reached through the
LAPACKE symbol of the OpenBLAS that scipy ships (found by threadpoolctl); where that symbol is missing it falls back
to ``numpy.linalg.eigvalsh``, and ``eigensolver()`` names the one in use.
"""
from __future__ import annotations

import ctypes
from functools import lru_cache
from typing import Callable, Optional

import numpy as np
from scipy.linalg import lapack

_COL_MAJOR = 102


@lru_cache(maxsize=1)
def _two_stage() -> Optional[tuple[str, Callable]]:
    """(name, LAPACKE_zheevd_2stage) from a loaded OpenBLAS, or None. scipy-openblas prefixes its symbols with
    ``scipy_`` and suffixes the 64-bit-integer build with ``64_``."""
    import scipy.linalg  # noqa: F401  (loads scipy's OpenBLAS before the scan)
    from threadpoolctl import threadpool_info

    for info in threadpool_info():
        if info.get("internal_api") != "openblas":
            continue
        lib = ctypes.CDLL(info["filepath"])
        for name, int_t in (("scipy_LAPACKE_zheevd_2stage", ctypes.c_int32),
                            ("scipy_LAPACKE_zheevd_2stage64_", ctypes.c_int64),
                            ("LAPACKE_zheevd_2stage", ctypes.c_int32)):
            f = getattr(lib, name, None)
            if f is None:
                continue
            f.restype = int_t
            f.argtypes = [ctypes.c_int, ctypes.c_char, ctypes.c_char, int_t, ctypes.c_void_p, int_t, ctypes.c_void_p]
            return name, f
    return None


def eigensolver() -> str:
    """The LAPACK driver ``hermitian_eigenvalues`` uses for complex matrices in this process."""
    return "zheevd_2stage" if _two_stage() else "numpy.linalg.eigvalsh (zheevd)"


def hermitian_eigenvalues(A: np.ndarray, overwrite: bool = False) -> np.ndarray:
    """Ascending eigenvalues of the Hermitian matrix whose lower triangle is that of ``A`` (the upper one is not
    read, as in ``numpy.linalg.eigvalsh``). With ``overwrite`` a C-contiguous complex128 ``A`` is destroyed
    instead of copied. Real symmetric matrices go to numpy's ``dsyevd`` (``dsyevd_2stage`` is no faster on one
    core: 0.78 s vs 0.73 s at n = 2000, where the complex driver gains 2x)."""
    n = A.shape[0]
    if A.shape != (n, n):
        raise ValueError(f"need a square matrix, got shape {A.shape}")
    two = None if np.isrealobj(A) else _two_stage()
    if two is None or n < 2:
        return np.linalg.eigvalsh(A, UPLO="L")
    a = A if overwrite and A.dtype == np.complex128 and A.flags.c_contiguous else np.array(A, np.complex128, order="C")
    w = np.empty(n)
    # Read column-major, the C array is A^T = conj(A), whose upper triangle is the lower one of A and whose
    # eigenvalues are those of A: no transposed copy.
    info = two[1](_COL_MAJOR, b"N", b"U", n, a.ctypes.data, n, w.ctypes.data)
    if info != 0:
        raise np.linalg.LinAlgError(f"{two[0]} returned info = {info} (n = {n})")
    return w


def positive_definite(A: np.ndarray, shift: float = 0.0) -> bool:
    """Whether the Cholesky factorization of the Hermitian A + shift·1 runs to the end: then every eigenvalue of A
    is >= -shift, up to Cholesky's backward error of order n·u·‖A‖ (u = 2^-53). Both triangles of ``A`` are read
    (the permutation below mixes them), so it must be Hermitian, not just its lower triangle. ``A`` is not
    modified.

    It stops at the first non-positive pivot, and the rows are taken by decreasing diagonal (a symmetric
    permutation keeps the eigenvalues): on the entangled partial transposes of the LMG steady states the failure
    then comes within ~100 rows instead of after ~1,600 of ~2,400 (N = 100: 0.001 s instead of 0.3 s)."""
    real = np.isrealobj(A)
    order = np.argsort(-A.diagonal().real, kind="stable")
    B = np.ascontiguousarray(A.take(order, axis=0).take(order, axis=1), np.float64 if real else np.complex128)
    if shift:
        B[np.diag_indices_from(B)] += shift
    # B^T is a Fortran-ordered view, and B^T = conj(B) has B's lower triangle as its upper one: no copy.
    _, info = (lapack.dpotrf if real else lapack.zpotrf)(B.T, lower=0, clean=0, overwrite_a=1)
    if info < 0:
        raise ValueError(f"potrf: argument {-info} is invalid")
    return info == 0
