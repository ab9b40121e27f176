"""Receptive-field arithmetic for a stack of convolution layers (along one axis).

A layer is described by its ``(kernel, stride, dilation, padding)``. Output pixel ``o`` of a layer reads
its input at positions ``o*stride - padding + dilation*a`` for the taps ``a = 0, ..., kernel - 1``, so it
spans ``dilation*(kernel - 1) + 1`` input positions: the *effective kernel size*. Followed back through
the whole stack to the network's input, output pixel ``o`` of layer ``l`` depends on the input positions

.. math:: \\text{start}_l + o\\,J_l,\\ \\dots,\\ \\text{start}_l + o\\,J_l + R_l - 1

where the receptive-field size :math:`R`, the jump :math:`J` (the distance, in input pixels, between
neighbouring output pixels) and the start obey, with :math:`R_0 = 1, J_0 = 1, \\text{start}_0 = 0` for
the input itself,

.. math::
    R_l = R_{l-1} + d_l (k_l - 1) J_{l-1}, \\qquad J_l = s_l J_{l-1}, \\qquad
    \\text{start}_l = \\text{start}_{l-1} - p_l J_{l-1}.

:func:`receptive_field` evaluates this recursion; :func:`influence` counts, for one output pixel, how many
paths through the stack reach each input position of its field (the input gradient of that pixel when
every weight is 1). Positions with zero paths are the holes of the *gridding* artifact. 2-D layers with
square kernels act on each axis separately: the 2-D field is the product of two 1-D fields, and the 2-D
influence map is the outer product of two 1-D ones. :func:`describe_stack` gathers both for a stack of
dilated convolutions (lesson 11).

Only NumPy is imported.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validate import check_int

__all__ = [
    "Field",
    "effective_kernel_size",
    "as_layers",
    "receptive_field",
    "influence",
    "describe_stack",
]

_KEYS = ("kernel", "stride", "dilation", "padding")


class Field(NamedTuple):
    """The receptive field of one layer's output pixels, in input-pixel coordinates (one axis).

    Attributes
    ----------
    size : int
        Receptive-field size :math:`R`: how many consecutive input positions one output pixel spans.
    jump : int
        :math:`J`: how far apart, in input pixels, the fields of neighbouring output pixels start.
    start : int
        Input position where the field of output pixel 0 begins (negative: it reaches into padding).
    center : float
        Centre of output pixel 0's field, ``start + (size - 1) / 2``.
    effective_kernel : int
        This layer's own effective kernel size ``dilation*(kernel - 1) + 1``.
    """

    size: int
    jump: int
    start: int
    center: float
    effective_kernel: int


def effective_kernel_size(kernel, dilation=1) -> int:
    """The span of a dilated kernel: ``dilation*(kernel - 1) + 1`` positions.

    Parameters
    ----------
    kernel : int
        Number of taps, >= 1.
    dilation : int
        Dilation rate, >= 1 (1: an ordinary kernel).

    Examples
    --------
    >>> effective_kernel_size(3, 2)
    5
    """
    k = check_int(kernel, "kernel", 1)
    d = check_int(dilation, "dilation", 1)
    return d * (k - 1) + 1


def _layer(spec, index: int) -> tuple[int, int, int, int]:
    name = f"layers[{index}]"
    if isinstance(spec, dict):
        unknown = set(spec) - set(_KEYS)
        if unknown:
            raise ValueError(f"{name} has unknown keys {sorted(unknown)}; allowed: {', '.join(_KEYS)}")
        if "kernel" not in spec:
            raise ValueError(f"{name} must give 'kernel'")
        values = [spec.get(key, default) for key, default in zip(_KEYS, (None, 1, 1, 0))]
    elif isinstance(spec, (tuple, list)):
        if not 1 <= len(spec) <= 4:
            raise ValueError(f"{name} must be (kernel[, stride[, dilation[, padding]]]), got {len(spec)} values")
        values = [*spec, *(1, 1, 0)[len(spec) - 1 :]]
    elif isinstance(spec, (int, np.integer)) and not isinstance(spec, bool):
        values = [spec, 1, 1, 0]
    else:
        raise TypeError(
            f"{name} must be a tuple (kernel, stride, dilation, padding), a dict or an int kernel, "
            f"got {type(spec).__name__}"
        )
    minimum = (1, 1, 1, 0)
    return tuple(check_int(v, f"{name}.{key}", m) for v, key, m in zip(values, _KEYS, minimum))


def as_layers(layers) -> list[tuple[int, int, int, int]]:
    """Validate a stack of layers; return it as a list of ``(kernel, stride, dilation, padding)``.

    Parameters
    ----------
    layers : sequence
        One entry per layer, first layer first. Each entry is a tuple ``(kernel, stride, dilation,
        padding)`` in which trailing values may be left out (defaults: stride 1, dilation 1, padding 0),
        a dict with some of those keys (``kernel`` required), or an int (the kernel alone).

    Raises
    ------
    TypeError
        If ``layers`` is not a sequence or an entry or value has the wrong type.
    ValueError
        If the stack is empty or a value is out of range (kernel, stride, dilation >= 1; padding >= 0).

    Examples
    --------
    >>> as_layers([3, (3, 1, 2), {"kernel": 3, "dilation": 4, "padding": 4}])
    [(3, 1, 1, 0), (3, 1, 2, 0), (3, 1, 4, 4)]
    """
    if isinstance(layers, (str, bytes, dict)) or not hasattr(layers, "__len__"):
        raise TypeError(f"layers must be a sequence of layers, got {type(layers).__name__}")
    if len(layers) == 0:
        raise ValueError("layers must hold at least one layer, got an empty sequence")
    return [_layer(spec, i) for i, spec in enumerate(layers)]


def receptive_field(layers) -> list[Field]:
    """Receptive-field size, jump and start of every layer of a stack (along one axis).

    Parameters
    ----------
    layers : sequence
        ``(kernel, stride, dilation, padding)`` per layer, first layer first (see :func:`as_layers`
        for the accepted forms).

    Returns
    -------
    list of Field, length ``len(layers)``
        Entry ``l`` describes the output pixels of layer ``l``: output pixel ``o`` depends on input
        positions ``start + o*jump, ..., start + o*jump + size - 1`` (positions outside
        ``0 .. input_length - 1`` are padding zeros). The input itself (size 1, jump 1, start 0) is
        not listed.

    Notes
    -----
    ``size`` is the *span* of the field. Inside it, some positions may have no path to the output
    pixel at all (gridding, e.g. three layers with dilation 2): count them with :func:`influence`.

    Examples
    --------
    >>> [f.size for f in receptive_field([(3, 1, d) for d in (1, 2, 4, 8)])]
    [3, 7, 15, 31]
    >>> receptive_field([(3, 2, 1, 1), (3, 1, 2, 2)])[-1]
    Field(size=11, jump=2, start=-5, center=0.0, effective_kernel=5)
    """
    size, jump, start = 1, 1, 0
    fields = []
    for k, s, d, p in as_layers(layers):
        span = d * (k - 1) + 1
        size, start = size + (span - 1) * jump, start - p * jump
        jump *= s
        fields.append(Field(size, jump, start, start + (size - 1) / 2, span))
    return fields


def influence(layers) -> np.ndarray:
    """How many paths lead from each input position of one output pixel's field to that pixel.

    With every weight equal to 1 this is the gradient of the output pixel with respect to the input
    (away from the borders): entry ``m`` belongs to input position ``start + m`` of
    :func:`receptive_field`'s last entry. Zeros inside the array are positions that cannot influence
    the pixel at all: the holes of the gridding artifact.

    Parameters
    ----------
    layers : sequence
        ``(kernel, stride, dilation, padding)`` per layer (see :func:`as_layers`). Padding shifts the
        field but does not change the counts.

    Returns
    -------
    ndarray of int64, shape (size,)
        ``size`` is the last layer's receptive-field size. Its sum is the product of the kernel sizes
        (every combination of one tap per layer is one path). For 2-D square kernels the 2-D map is
        ``np.outer(c, c)``.

    Examples
    --------
    >>> influence([(3, 1, 2), (3, 1, 2)]).tolist()
    [1, 0, 2, 0, 3, 0, 2, 0, 1]
    >>> bool(influence([(3, 1, 1), (3, 1, 2), (3, 1, 3)]).min() > 0)   # hybrid rates: no holes
    True
    """
    stack = as_layers(layers)
    counts = np.ones(1, dtype=np.int64)   # the output pixel itself
    # Walk back from the output: each position of layer l's field fans out to its kernel's taps in the
    # input of layer l, `dilation` apart, and neighbouring positions are `stride` apart there.
    for k, s, d, _ in reversed(stack):
        wider = np.zeros((counts.size - 1) * s + d * (k - 1) + 1, dtype=np.int64)
        for a in range(k):
            wider[a * d : a * d + (counts.size - 1) * s + 1 : s] += counts
        counts = wider
    return counts


# ------------------------------------------------------ a stack of dilated convolutions (lesson 11)


def describe_stack(kernel: int = 3, dilations=(1, 2, 4, 8), stride: int = 1) -> dict:
    """Receptive field and influence of a stack of ``kernel`` x ``kernel`` convolutions (one axis).

    Layer ``l`` has dilation ``dilations[l]``, "same" padding ``dilations[l]*(kernel-1)//2`` and stride 1,
    except the first layer, which has stride ``stride``.

    Parameters
    ----------
    kernel : int
        Kernel size, >= 1.
    dilations : sequence of int
        One dilation rate (>= 1) per layer, at least one layer.
    stride : int
        Stride of the first layer, >= 1.

    Returns
    -------
    dict
        ``"layers"``: the ``(kernel, stride, dilation, padding)`` list; ``"sizes"``: receptive-field size
        after each layer; ``"jumps"``: their jumps; ``"plain_sizes"``: the sizes of the same stack with
        every dilation 1; ``"counts"``: int array (R,), the 1-D influence on one output pixel;
        ``"holes"``: number of zeros in ``counts``; ``"map"``: int array (R, R), ``np.outer(counts,
        counts)``; ``"hole_fraction"``: share of the R x R field with no influence.

    Examples
    --------
    >>> g = describe_stack(3, (2, 2, 2))
    >>> g["sizes"], g["holes"], round(g["hole_fraction"], 2)
    ([5, 9, 13], 6, 0.71)
    """
    kernel = check_int(kernel, "kernel", 1)
    stride = check_int(stride, "stride", 1)
    if isinstance(dilations, (str, bytes)) or not hasattr(dilations, "__len__") or len(dilations) == 0:
        raise ValueError(f"dilations must be a non-empty sequence of ints, got {dilations!r}")
    rates = [check_int(d, f"dilations[{i}]", 1) for i, d in enumerate(dilations)]
    layers = [(kernel, stride if i == 0 else 1, d, d * (kernel - 1) // 2) for i, d in enumerate(rates)]
    fields = receptive_field(layers)
    plain = receptive_field([(k, s, 1, p) for k, s, _, p in layers])
    counts = influence(layers)
    holes = int(np.count_nonzero(counts == 0))
    return {"layers": layers, "sizes": [f.size for f in fields], "jumps": [f.jump for f in fields],
            "plain_sizes": [f.size for f in plain], "counts": counts, "holes": holes,
            "map": np.outer(counts, counts), "hole_fraction": 1.0 - (1.0 - holes / counts.size) ** 2}
