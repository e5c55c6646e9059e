"""GMRES in real arithmetic for (1 + F) u = r, the form a right-preconditioned graded system takes."""
from __future__ import annotations

import math

import numpy as np
from scipy.linalg.blas import dgemv

_REORTHOGONALIZE = 1 / math.sqrt(2)  # DGKS criterion: a second Gram-Schmidt pass when the norm drops below this


def gmres_cycle(F, r: np.ndarray, target: float, restart: int, maxiter: int, count: list[int]) -> np.ndarray:
    """One GMRES cycle for (1 + F) u = r: the u in the Krylov space of at most ``restart`` vectors that
    minimizes ‖r − (1 + F) u‖, or the first that brings it to ``target``.

    Arnoldi orthogonalizes F v (not v + F v, which is nearly v when the preconditioner is good) by classical
    Gram-Schmidt as in-place BLAS-2 calls (dgemv), with a second pass only when the first removes most of its
    norm (Daniel-Gragg-Kaufman-Stewart); count[0] accumulates the iterations.
    """
    beta = np.linalg.norm(r)
    V = np.empty((restart + 1, r.size))
    H = np.zeros((restart + 1, restart))
    np.multiply(r, 1.0 / beta, out=V[0])
    g = np.zeros(restart + 1)
    g[0] = beta
    cs, sn = np.zeros(restart), np.zeros(restart)
    k = 0
    for j in range(restart):
        f = F(V[j])
        before = np.linalg.norm(f)
        h = V[: j + 1] @ f
        dgemv(-1.0, V[: j + 1].T, h, 1.0, f, overwrite_y=True)  # f -= h V, in place
        hn = np.linalg.norm(f)
        if hn < _REORTHOGONALIZE * before:
            h2 = V[: j + 1] @ f
            dgemv(-1.0, V[: j + 1].T, h2, 1.0, f, overwrite_y=True)
            h += h2
            hn = np.linalg.norm(f)
        h[j] += 1.0  # (1 + F) v_j
        H[: j + 1, j] = h
        H[j + 1, j] = hn
        if hn > 0:
            np.multiply(f, 1.0 / hn, out=V[j + 1])
        del f
        for i in range(j):  # previous Givens rotations
            H[i, j], H[i + 1, j] = cs[i] * H[i, j] + sn[i] * H[i + 1, j], -sn[i] * H[i, j] + cs[i] * H[i + 1, j]
        rho = math.hypot(H[j, j], H[j + 1, j])
        cs[j], sn[j] = (1.0, 0.0) if rho == 0 else (H[j, j] / rho, H[j + 1, j] / rho)
        H[j, j], H[j + 1, j] = rho, 0.0
        g[j + 1] = -sn[j] * g[j]
        g[j] = cs[j] * g[j]
        k = j + 1
        count[0] += 1
        if abs(g[j + 1]) <= target or count[0] >= maxiter or hn == 0:
            break
    y = np.zeros(k)
    for i in range(k - 1, -1, -1):  # back substitution on the triangular Hessenberg factor
        if H[i, i] != 0:
            y[i] = (g[i] - H[i, i + 1:k] @ y[i + 1:]) / H[i, i]
    return y @ V[:k]
