"""Checkerboard artifacts, counted and measured (lesson 09; reused by the capstone, lesson 14).

Two tools, NumPy only (and two smaller ones below):

- :func:`overlap_count` (1-D) and :func:`overlap_count_2d` count how many kernel taps of a transposed
  convolution land on each output pixel. That is exactly the transposed convolution of an input of ones
  with a kernel of ones; when the kernel size is not a multiple of the stride the count alternates, which
  is the geometric root of the checkerboard pattern.
- :func:`checkerboard_score` turns "how checkerboard-like is this image" into one number in [0, 1]: the
  share of the image's energy (beyond a fitted plane) that sits at the checkerboard frequencies, i.e. that
  is explained by each pixel's position modulo the period.
  :func:`checkerboard_pattern` returns that periodic part itself, as a ``(period, period)`` tile.

:func:`interior_pattern` is the repeating interior of the 1-D count, per phase; :func:`total_variation` and
:func:`periodic_energy` are lesson 08's two measures of an upsampled map (roughness, and the plain spectral
share at the period's frequencies).
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_int, check_pair

__all__ = [
    "overlap_count",
    "overlap_count_2d",
    "checkerboard_score",
    "checkerboard_pattern",
    "interior_pattern",
    "total_variation",
    "periodic_energy",
]


def overlap_count(i, k, s, p=0, output_padding=0):
    """How many kernel taps of a 1-D transposed convolution land on each output position.

    Input position ``n`` scatters its ``k`` taps to output positions ``n*s + a - p`` (``a = 0 .. k-1``);
    this counts, for every output position, the pairs ``(n, a)`` that reach it. It equals
    ``conv_transpose1d(ones(i), ones(k), stride=s, padding=p, output_padding=output_padding)``.

    Parameters
    ----------
    i : int
        Input length, >= 1.
    k : int
        Kernel size, >= 1.
    s : int
        Stride, >= 1.
    p : int
        Padding, >= 0: ``p`` positions cropped from each end of the full output.
    output_padding : int
        >= 0 and < ``s``: extra positions kept at the end (PyTorch's rule; they receive no tap when
        ``p == 0``).

    Returns
    -------
    ndarray of int64, shape ((i - 1) * s - 2 * p + k + output_padding,)

    Raises
    ------
    TypeError
        If an argument is not an int.
    ValueError
        If an argument is out of range, or ``p`` crops the whole output.

    Examples
    --------
    >>> overlap_count(4, 3, 2)
    array([1, 1, 2, 1, 2, 1, 2, 1, 1])
    >>> overlap_count(4, 4, 2, p=1)
    array([1, 2, 2, 2, 2, 2, 2, 1])
    """
    i = check_int(i, "i", 1)
    k = check_int(k, "k", 1)
    s = check_int(s, "s", 1)
    p = check_int(p, "p", 0)
    op = check_int(output_padding, "output_padding", 0)
    if op >= s:
        raise ValueError(f"output_padding must be smaller than the stride s = {s}, got {op}")
    length = (i - 1) * s - 2 * p + k + op
    if length < 1:
        raise ValueError(f"p={p} crops everything: the output length would be {length}; use a smaller p")
    full = np.zeros((i - 1) * s + k + op, dtype=np.int64)
    for a in range(k):                     # tap a of every input position: one strided slice
        full[a : a + (i - 1) * s + 1 : s] += 1
    return full[p : p + length].copy()


def overlap_count_2d(shape, k, s, p=0, output_padding=0):
    """How many kernel taps of a 2-D transposed convolution land on each output pixel.

    The count is separable: ``overlap_count_2d((H, W), ...) == np.outer(overlap_count(H, ...),
    overlap_count(W, ...))``, which is ``conv_transpose2d`` of an ``(H, W)`` image of ones with a
    ``(kH, kW)`` kernel of ones.

    Parameters
    ----------
    shape : (int, int)
        Input size (H, W), each >= 1.
    k, s : int or (int, int)
        Kernel size and stride, >= 1 (one value for both axes, or one per axis).
    p, output_padding : int or (int, int)
        Padding (>= 0) and output padding (>= 0, smaller than the stride on that axis).

    Returns
    -------
    ndarray of int64, shape (H_out, W_out)
        ``H_out = (H - 1) s_h - 2 p_h + k_h + output_padding_h``, likewise ``W_out``.

    Examples
    --------
    >>> overlap_count_2d((2, 2), 3, 2)
    array([[1, 1, 2, 1, 1],
           [1, 1, 2, 1, 1],
           [2, 2, 4, 2, 2],
           [1, 1, 2, 1, 1],
           [1, 1, 2, 1, 1]])
    """
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        raise ValueError(f"shape must be a pair (H, W), got {shape!r}")
    h = check_int(shape[0], "shape[0]", 1)
    w = check_int(shape[1], "shape[1]", 1)
    k, s = check_pair(k, "k", 1), check_pair(s, "s", 1)
    p, op = check_pair(p, "p", 0), check_pair(output_padding, "output_padding", 0)
    rows = overlap_count(h, k[0], s[0], p[0], op[0])
    cols = overlap_count(w, k[1], s[1], p[1], op[1])
    return np.outer(rows, cols)


def _slices(img, period):
    """Validate; return float64 slices (M, H', W') cropped to multiples of ``period`` and the input's eps."""
    x = as_float_array(img, "img", ndim=(2, 3, 4))
    period = check_int(period, "period", 2)
    h, w = x.shape[-2:]
    if h < 2 * period or w < 2 * period:
        raise ValueError(f"img must be at least 2*period x 2*period = {2 * period}x{2 * period} in (H, W), "
                         f"got {h}x{w}")
    if not np.all(np.isfinite(x)):
        raise ValueError("img must contain only finite values (no NaN or inf)")
    eps = float(np.finfo(x.dtype).eps)
    hc, wc = h - h % period, w - w % period
    return x.reshape(-1, h, w)[:, :hc, :wc].astype(np.float64), period, eps


def _fit(x, period, eps):
    """Least-squares fit of every slice by a plane plus a zero-sum period x period tile.

    Returns ``tile`` (M, period, period), zero-sum, and ``rest`` (M, H', W'): the slice minus its fitted
    plane (so ``rest`` = tiled ``tile`` + the unexplained residual). Numerically flat slices get zeros.
    """
    m, h, w = x.shape
    q = period * period
    # Normal equations of the design [one indicator per phase (they span the constant), row ramp, column
    # ramp], assembled from phase sums instead of an (H'W' x q+2) matrix: O(M H' W') work.
    ramps = np.stack(np.meshgrid((np.arange(h) - (h - 1) / 2) / h, (np.arange(w) - (w - 1) / 2) / w,
                                 indexing="ij"))                                   # (2, H', W')

    def by_phase(a):                                                               # (..., H', W') -> (..., q)
        return a.reshape(*a.shape[:-2], h // period, period, w // period, period).sum(axis=(-4, -2)).reshape(
            *a.shape[:-2], q)

    gram = np.zeros((q + 2, q + 2))
    gram[:q, :q] = np.eye(q) * (h * w // q)
    gram[:q, q:] = by_phase(ramps).T
    gram[q:, :q] = gram[:q, q:].T
    gram[q:, q:] = np.einsum("ahw,bhw->ab", ramps, ramps)
    rhs = np.concatenate([by_phase(x), np.einsum("mhw,ahw->ma", x, ramps)], axis=1)   # (M, q + 2)
    coef = np.linalg.solve(gram, rhs.T).T
    levels = coef[:, :q]
    tile = levels - levels.mean(axis=1, keepdims=True)           # the periodic part, zero-sum
    plane = levels.mean(axis=1)[:, None, None] + np.einsum("ma,ahw->mhw", coef[:, q:], ramps)
    flat = x.reshape(m, h * w)
    plane = plane.reshape(m, h * w)
    rest = flat - plane
    # Variation at the level of the input's rounding (a constant, an exact ramp) is no variation at all.
    negligible = np.sum(rest**2, axis=1) <= (100 * eps) ** 2 * np.sum(flat**2, axis=1)
    rest[negligible] = 0.0
    tile[negligible] = 0.0
    return tile.reshape(m, period, period), rest.reshape(m, h, w)


def checkerboard_score(img, period=2) -> float:
    r"""The share of an image's energy in its checkerboard pattern: 0 for smooth images, 1 for a pure one.

    For each (H, W) slice of ``img``:

    1. crop to ``H' = H - H % period`` rows and ``W' = W - W % period`` columns (from the top-left);
    2. fit it by least squares with a plane plus a periodic tile,
       ``x[r, c] ≈ a + b*r + c0*c + T[r % s, c % s]`` with ``s = period`` and ``T`` summing to zero;
    3. compare the energy of the tiled ``T`` with the energy of the slice minus its plane.

    .. math:: S = \frac{\sum \|T_\text{tiled}\|^2}{\sum \|x - \text{plane}\|^2}
        = \frac{\sum \|T_\text{tiled}\|^2}{\sum \left(\|T_\text{tiled}\|^2 + \|\text{residual}\|^2\right)},

    with both sums taken over every image and channel (an energy-weighted pool).

    Spectrally: the tiled ``T`` lives exactly on the DFT bins ``(a H'/s, b W'/s)``, ``0 <= a, b < s``, i.e.
    the frequencies ``(a/s, b/s)`` cycles per pixel: for ``period = 2`` the checkerboard ``(1/2, 1/2)`` and
    the stripes ``(0, 1/2)``, ``(1/2, 0)``; for a stride ``s`` every multiple of ``1/s``. When the fitted
    plane is flat (``b = c0 = 0``, e.g. after subtracting it), ``S`` is exactly the share of the
    mean-removed spectral energy at those bins, ``sum |X[F]|**2 / sum |X|**2``. Fitting the plane jointly
    with ``T`` keeps a linear ramp, whose staircase ``r % s`` would otherwise leak into those bins, from
    counting as an artifact.

    Properties: ``0 <= S <= 1``; ``S == 0`` for a constant image or a plane (numerically flat slices,
    whose non-planar energy is below ``(100 * eps)**2`` of their energy for the input dtype's ``eps``,
    count as zero); ``S == 1`` for ``(-1)**(row + col)``, ``(-1)**row`` or any ``period``-periodic tile plus
    a plane; unchanged by ``a * img + b`` (``a != 0``); white noise scores about ``(s**2 - 1) / (H' W')``.

    Parameters
    ----------
    img : array_like, shape (H, W), (C, H, W) or (N, C, H, W)
        Real, finite values; H and W at least ``2 * period``.
    period : int, >= 2
        The period at which the pattern repeats: the stride of one upsampling layer, or the total
        stride of a stack (8 for three stride-2 layers, whose pattern repeats every 8 pixels; period 2
        then sees only the part of it at the frequencies 0 and 1/2).

    Returns
    -------
    float
        ``S`` in [0, 1]; 0.0 when every slice is flat.

    Raises
    ------
    TypeError
        If ``img`` is not a real numeric array or ``period`` is not an int.
    ValueError
        If ``img`` is not 2-D, 3-D or 4-D, is smaller than ``2 * period`` in H or W, contains NaN/inf,
        or ``period < 2``.

    Examples
    --------
    >>> rows, cols = np.indices((8, 8))
    >>> checkerboard_score((-1.0) ** (rows + cols))
    1.0
    >>> checkerboard_score(3.0 + 0.5 * rows - cols)
    0.0
    >>> round(checkerboard_score(0.3 * rows + (-1.0) ** rows), 6)
    1.0
    """
    x, period, eps = _slices(img, period)
    tile, rest = _fit(x, period, eps)
    total = float(np.sum(rest**2))
    if total == 0.0:
        return 0.0
    periodic = float(np.sum(tile**2)) * (rest.shape[1] // period) * (rest.shape[2] // period)
    return float(min(max(periodic / total, 0.0), 1.0))


def checkerboard_pattern(img, period=2):
    """The periodic tile ``T`` that :func:`checkerboard_score` measures, averaged over images and channels.

    Entry ``[a, b]`` is the fitted offset of the pixels with ``row % period == a`` and
    ``col % period == b`` (step 2 of :func:`checkerboard_score`): tiling it over the image gives the
    image's checkerboard part. It sums to zero.

    Parameters
    ----------
    img : array_like, shape (H, W), (C, H, W) or (N, C, H, W)
    period : int, >= 2

    Returns
    -------
    ndarray, shape (period, period), float64

    Examples
    --------
    >>> rows, cols = np.indices((4, 6))
    >>> checkerboard_pattern(5.0 + 0.1 * cols + 2.0 * (-1.0) ** (rows + cols)).round(12)
    array([[ 2., -2.],
           [-2.,  2.]])
    """
    x, period, eps = _slices(img, period)
    return _fit(x, period, eps)[0].mean(axis=0)


# ------------------------------------- per-phase tap counts and two image measures (lessons 08, 09)


def interior_pattern(k: int, s: int) -> list:
    """Taps landing on an interior output position, by its phase ``t % s``: ``len(range(r, k, s))``.

    Away from the borders, output position ``t`` receives tap ``a`` of some input exactly when
    ``a ≡ t (mod s)``; so phase ``r`` gets the taps ``r, r + s, r + 2s, ... < k``.

    Examples
    --------
    >>> interior_pattern(3, 2), interior_pattern(4, 2), interior_pattern(1, 3)
    ([2, 1], [2, 2], [1, 0, 0])
    """
    overlap_count(1, k, s)                                   # validates k and s
    return [len(range(r, k, s)) for r in range(s)]




def total_variation(y) -> float:
    """Mean absolute difference between horizontal and vertical neighbours of a 2-D map (or the last two axes).

    ``(mean |y[..., i, j+1] - y[..., i, j]| + mean |y[..., i+1, j] - y[..., i, j]|) / 2``: for a square
    ``n x n`` image, ``tf.image.total_variation`` (a sum) divided by ``2 n (n - 1)``.

    Parameters
    ----------
    y : array_like, shape (..., H, W)
        H and W at least 2.

    Returns
    -------
    float

    Examples
    --------
    >>> total_variation(np.indices((3, 3))[1])
    0.5
    """
    y = as_float_array(y, "y")
    if y.ndim < 2 or min(y.shape[-2:]) < 2:
        raise ValueError(f"y must be at least 2x2 in its last two axes, got shape {y.shape}")
    return float((np.abs(np.diff(y, axis=-1)).mean() + np.abs(np.diff(y, axis=-2)).mean()) / 2)


def periodic_energy(y, period: int = 2) -> float:
    """Fraction of a 2-D map's non-constant energy at the frequencies of a ``period``-periodic pattern.

    Takes the 2-D DFT of ``y`` (last two axes, whose lengths must be multiples of ``period``) and returns
    the energy at the frequencies ``(m H / period, n W / period)`` other than (0, 0), divided by all
    energy other than the mean's. A pattern repeating every ``period`` pixels lives exactly there; a
    smooth image has almost none. It is :func:`checkerboard_score` without the fitted plane: the plain
    spectral share, which a linear ramp's staircase also feeds (lesson 08 measures smooth outputs with it).

    Raises
    ------
    ValueError
        If ``y`` has fewer than 2 dimensions, ``period < 2``, or H or W is not a multiple of ``period``.

    Examples
    --------
    >>> periodic_energy(np.indices((4, 4)).sum(0) % 2)
    1.0
    """
    y = as_float_array(y, "y")
    if y.ndim < 2:
        raise ValueError(f"y must have at least 2 dimensions (..., H, W), got shape {y.shape}")
    s = check_int(period, "period", 2)
    h, w = y.shape[-2:]
    if h % s or w % s:
        raise ValueError(f"y's height and width must be multiples of period={s}, got {h}x{w}")
    power = np.abs(np.fft.fft2(y)) ** 2
    total = power.sum(axis=(-2, -1)) - power[..., 0, 0]
    periodic = power[..., :: h // s, :: w // s].sum(axis=(-2, -1)) - power[..., 0, 0]
    return float(np.sum(periodic) / np.sum(total)) if np.sum(total) > 0 else 0.0
