"""Lesson 10, "Unpooling with max indices" (solutions/10_unpooling.ipynb): five exercises: implement
max-unpooling from flat indices, convert TensorFlow's argmax to PyTorch's indices, predict the indices of
a pooling with ties, count the bytes SegNet stores for one layer's indices, and choose what happens where
pooling windows overlap."""

from __future__ import annotations

import numpy as np

from helpers.checks import (
    INT_AND_FLOAT,
    OVERLAP,
    case,
    register_choice,
    register_explain,
    register_function,
    register_value,
)

# ------------------------------------------------------------------------------ 1. max-unpooling


def max_unpool(values, indices, output_size):
    """Max-unpooling: zeros of shape ``(N, C, H, W)`` with ``(H, W) = output_size``, and each value of
    ``values`` (N, C, h, w) written at the flat position its index names in its own ``(n, c)`` plane (index
    ``row * W + col``, PyTorch's convention)."""
    values = np.asarray(values, dtype=np.float64)
    indices = np.asarray(indices)
    n, c = values.shape[:2]
    H, W = output_size
    out = np.zeros((n, c, H * W))
    np.put_along_axis(out, indices.reshape(n, c, -1), values.reshape(n, c, -1), axis=2)
    return out.reshape(n, c, H, W)


def _nearest(values, indices, output_size):
    values = np.asarray(values, dtype=np.float64)
    H, W = output_size
    h, w = values.shape[2:]
    rh, rw = H // h, W // w
    out = np.zeros((*values.shape[:2], H, W))
    out[:, :, :h * rh, :w * rw] = np.repeat(np.repeat(values, rh, axis=2), rw, axis=3)
    return out


def _bed_of_nails(values, indices, output_size):
    values = np.asarray(values, dtype=np.float64)
    H, W = output_size
    h, w = values.shape[2:]
    out = np.zeros((*values.shape[:2], H, W))
    out[:, :, :h * (H // h):H // h, :w * (W // w):W // w] = values
    return out


def _width_is_height(values, indices, output_size):
    """Decodes the index with H where W belongs (right only for square outputs)."""
    values = np.asarray(values, dtype=np.float64)
    indices = np.asarray(indices)
    H, W = output_size
    out = np.zeros((*values.shape[:2], H, W))
    rows, cols = np.divmod(indices, H)
    keep = (rows < H) & (cols < W)
    for (a, b, i, j), v in np.ndenumerate(values):
        if keep[a, b, i, j]:
            out[a, b, rows[a, b, i, j], cols[a, b, i, j]] = v
    return out


def _one_plane(values, indices, output_size):
    """Treats the indices as positions in the whole flattened tensor: every value lands in plane (0, 0)."""
    values = np.asarray(values, dtype=np.float64)
    H, W = output_size
    out = np.zeros((*values.shape[:2], H, W))
    out.ravel()[np.asarray(indices).ravel()] = values.ravel()
    return out


def _scatter_add(values, indices, output_size):
    """Adds the values at their indices (np.add.at): right until two windows pick the same pixel."""
    values = np.asarray(values, dtype=np.float64)
    indices = np.asarray(indices)
    n, c = values.shape[:2]
    H, W = output_size
    out = np.zeros((n, c, H * W))
    for a in range(n):
        for b in range(c):
            np.add.at(out[a, b], indices[a, b].ravel(), values[a, b].ravel())
    return out.reshape(n, c, H, W)


def _random_unpool_case(rng: np.random.Generator):
    from helpers.pooling import max_pool2d

    k = int(rng.integers(1, 4))
    stride = int(rng.integers(1, k + 1))  # stride < k: overlapping windows
    H, W = int(rng.integers(k, 10)), int(rng.integers(k, 10))
    x = rng.integers(-3, 6, size=(int(rng.integers(1, 3)), int(rng.integers(1, 4)), H, W)).astype(np.float64)
    pooled, idx = max_pool2d(x, k, stride, return_indices=True)
    return case(pooled, idx, (H, W))


def _repeats_an_index(c) -> bool:
    """Overlapping windows that picked the same pixel: an index repeats within an (n, c) plane."""
    idx = np.asarray(c.args[1])
    planes = idx.reshape(idx.shape[0] * idx.shape[1], -1)
    return any(len(np.unique(p)) < p.size for p in planes)


def _unpool_cases():
    from helpers.pooling import max_pool2d

    peak = np.zeros((1, 1, 5, 5))
    peak[0, 0, 2, 2] = 9.0                # the four overlapping 3x3 windows (stride 2) all pick (2, 2)
    out = []
    for x, k, stride in [
        (np.array([[[[1.0, 9.0, 2.0, 3.0], [4.0, 5.0, 8.0, 6.0], [0.0, 2.0, 7.0, 1.0], [3.0, 1.0, 2.0, 4.0]]]]), 2, 2),
        (np.arange(24.0).reshape(1, 1, 4, 6)[..., ::-1].copy(), 2, 2),
        (np.arange(25.0).reshape(1, 1, 5, 5) % 7, 2, 2),                 # odd size: the last row/column is lost
        (np.random.default_rng(10).integers(0, 9, (2, 3, 6, 4)).astype(np.float64), 3, 3),
        (peak, 3, 2),                                                    # overlapping windows, one shared max
        (np.random.default_rng(11).standard_normal((2, 4, 16, 12)).round(2), 3, 2),   # larger, overlapping
    ]:
        pooled, idx = max_pool2d(x, k, stride, return_indices=True)
        out.append(case(pooled, idx, x.shape[2:]))
    return out


register_function(
    "max_unpool",
    lesson="10",
    number=1,
    section="§2 From scratch in NumPy",
    title="implement max_unpool(values, indices, output_size)",
    reference=max_unpool,
    example=0,                          # the first case: the statement's example
    cases=_unpool_cases,
    random_cases=_random_unpool_case,
    hint="Start from np.zeros((N, C, H*W)); in every (n, c) plane write values[n, c].ravel() at the flat "
    "positions indices[n, c].ravel() (np.put_along_axis on axis 2 does all planes at once), then reshape to "
    "(N, C, H, W).",
    wrong_answers={
        "You copied each value into its whole window: that is nearest unpooling. Max-unpooling writes a value "
        "only at its index and leaves zeros everywhere else.": _nearest,
        "Every value sits at the top-left of its window: that is bed-of-nails unpooling. Use the indices: "
        "they say where in the window the maximum was.": _bed_of_nails,
        "The flat index is row * W + col with W the output's WIDTH: decode it with divmod(index, W) (or write "
        "into the flattened plane directly). You used the height, which only works for square outputs.": (
            _width_is_height
        ),
        "All values landed in the first (n, c) plane: PyTorch's indices count positions within each H*W "
        "plane, not in the whole tensor. Write plane by plane.": _one_plane,
        "Where overlapping windows picked the same pixel you ADDED their values (a scatter-add, like "
        "np.add.at or the pooling's gradient): max-unpooling WRITES each value, so a pixel holds its value "
        "once, as torch's max_unpool2d does.": _scatter_add,
    },
    covers={OVERLAP: _repeats_an_index},
)

# ------------------------------------------------------------------------------ 2. TF argmax -> torch indices


def torch_indices_from_tf(argmax, channels):
    """PyTorch's per-plane NCHW indices from ``tf.nn.max_pool_with_argmax``'s argmax (N, h, w, C), made
    with ``include_batch_in_index=False``: TF's index is ``(row * W + col) * C + c``."""
    argmax = np.asarray(argmax)
    return np.ascontiguousarray((argmax // channels).transpose(0, 3, 1, 2))


def _tf_style(x, k):
    """(argmax, C): what TF would return for the NCHW array x, built from helpers.max_pool2d's indices."""
    from helpers.pooling import max_pool2d

    _, idx = max_pool2d(x, k, return_indices=True)
    c = x.shape[1]
    tf_idx = idx * c + np.arange(c)[None, :, None, None]
    return case(np.ascontiguousarray(tf_idx.transpose(0, 2, 3, 1)), c)


def _tf_cases():
    gen = np.random.default_rng(20)
    return [
        _tf_style(gen.standard_normal((1, 1, 4, 4)), 2),
        _tf_style(gen.standard_normal((1, 3, 4, 6)), 2),
        _tf_style(gen.standard_normal((2, 2, 6, 6)), 3),
        _tf_style(gen.standard_normal((2, 8, 12, 10)), 2),
    ]


def _random_tf_case(rng: np.random.Generator):
    k = int(rng.integers(1, 4))
    shape = (int(rng.integers(1, 3)), int(rng.integers(1, 5)), int(rng.integers(k, 8)), int(rng.integers(k, 8)))
    return _tf_style(rng.standard_normal(shape), k)


register_function(
    "torch_indices_from_tf",
    lesson="10",
    number=2,
    section="§4 TensorFlow: `tf.nn.max_pool_with_argmax` plus a scatter",
    title="convert TF's argmax to PyTorch's indices",
    reference=torch_indices_from_tf,
    example=0,                          # the first case: the statement's example
    cases=_tf_cases,
    random_cases=_random_tf_case,
    n_random=19,
    dtype="exact",
    hint="TF's argmax is (N, h, w, C) and flattens (row, col, channel): index = (row * W + col) * C + c. "
    "Integer-divide by C to get row * W + col, then move the channel axis: transpose(0, 3, 1, 2). Keep "
    "int64: F.max_unpool2d accepts no other index dtype.",
    wrong_answers={
        "The axes are still TF's (N, h, w, C): PyTorch's indices are (N, C, h, w). Transpose with (0, 3, 1, 2).": (
            lambda argmax, channels: np.asarray(argmax) // channels
        ),
        "You kept TF's flat (row, col, channel) numbers: they count channels too. Integer-divide by C first; "
        "with one channel the two conventions agree, which is why this passes for C = 1.": (
            lambda argmax, channels: np.asarray(argmax).transpose(0, 3, 1, 2)
        ),
        "index % C is the channel, not the position: the position is index // C.": (
            lambda argmax, channels: (np.asarray(argmax) % channels).transpose(0, 3, 1, 2)
        ),
        "The positions are right but they are floats: / gives floats and F.max_unpool2d rejects them "
        "(\"indices should be type int64\"). Integer-divide with //, which keeps int64.": (
            lambda argmax, channels: np.floor(np.asarray(argmax) / channels).transpose(0, 3, 1, 2)
        ),
        "The positions are right but they are int32: F.max_unpool2d rejects them (\"indices should be type "
        "int64\"). Keep int64 (do not cast with astype(np.int32)).": (
            lambda argmax, channels: (np.asarray(argmax) // channels).transpose(0, 3, 1, 2).astype(np.int32)
        ),
    },
    covers={
        INT_AND_FLOAT: "indices are integers only (int64, as TensorFlow returns them)",
        OVERLAP: "the conversion is per index; which windows produced it does not enter",
    },
)

# ------------------------------------------------------------------------------ 3. ties

TIES = np.array([[3.0, 5.0, 2.0, 2.0],
                 [5.0, 1.0, 2.0, 2.0],
                 [0.0, 4.0, 6.0, 1.0],
                 [4.0, 4.0, 0.0, 6.0]])
"""A 4 x 4 input whose 2 x 2 windows hold ties."""


def _ties_expected():
    from helpers.pooling import max_pool2d

    return max_pool2d(TIES[None, None], 2, return_indices=True)[1][0, 0]


def _ties_with(pick):
    """The indices when a tie goes to ``pick(list of (r, c) of the maxima in scan order)``."""
    out = np.zeros((2, 2), dtype=np.int64)
    for i in range(2):
        for j in range(2):
            win = TIES[2 * i:2 * i + 2, 2 * j:2 * j + 2]
            cells = [(2 * i + a, 2 * j + b) for a in range(2) for b in range(2) if win[a, b] == win.max()]
            r, c = pick(cells)
            out[i, j] = r * 4 + c
    return out


def _local_positions():
    from helpers.pooling import max_pool2d

    idx = max_pool2d(TIES[None, None], 2, return_indices=True)[1][0, 0]
    rows, cols = np.divmod(idx, 4)
    return (rows % 2) * 2 + cols % 2


register_value(
    "tie_indices",
    lesson="10",
    number=3,
    section="§5 Ties: which maximum wins?",
    title="predict the indices of a 2x2 max pooling with ties",
    expected=_ties_expected,
    hint="Each window scans its pixels row by row, left to right, and keeps the FIRST pixel equal to the "
    "maximum; the index is that pixel's row * 4 + col in the whole 4 x 4 input.",
    wrong_answers={
        "Those are the LAST maxima in scan order: PyTorch, TensorFlow and helpers.max_pool2d all keep the "
        "first one (a later equal value does not replace it).": _ties_with(lambda cells: cells[-1]),
        "Those look like positions inside each 2 x 2 window (0 to 3): the indices are flat positions in the "
        "whole input plane, row * W + col with W = 4.": _local_positions(),
        "You scanned column by column: the scan goes row by row (the first row of the window first), left to "
        "right within a row.": _ties_with(lambda cells: sorted(cells, key=lambda rc: (rc[1], rc[0]))[0]),
    },
)

# ------------------------------------------------------------------------------ 4. SegNet's memory

SEG_C, SEG_H, SEG_W = 64, 360, 480


def _two_bit_bytes():
    windows = SEG_C * (SEG_H // 2) * (SEG_W // 2)
    return windows * 2 // 8


register_value(
    "segnet_index_bytes",
    lesson="10",
    number=4,
    section="§7 SegNet, and unpooling as a gradient",
    title=f"count the bytes of 2-bit indices for a {SEG_C}x{SEG_H}x{SEG_W} map (2x2 pooling)",
    expected=_two_bit_bytes,
    hint="One index per pooled value, i.e. per 2 x 2 window: C * (H/2) * (W/2) windows. Inside a window the "
    "maximum is one of 4 pixels, so 2 bits name it; 8 bits make a byte.",
    wrong_answers={
        "That is PyTorch's int64 indices (8 bytes per window). The question asks for 2-bit window positions, "
        "4 of them per byte.": SEG_C * (SEG_H // 2) * (SEG_W // 2) * 8,
        "That is the float32 feature map itself (4 bytes per input pixel): what a U-Net-style skip "
        "connection keeps, not the indices.": SEG_C * SEG_H * SEG_W * 4,
        "You counted one index per INPUT pixel; there is one per window (per pooled value), 4 times fewer.": (
            SEG_C * SEG_H * SEG_W * 2 // 8
        ),
        "That is the number of BITS; divide by 8 for bytes.": SEG_C * (SEG_H // 2) * (SEG_W // 2) * 2,
        "A number of bytes is a whole number: no fraction (a float division or a rounding left one).": (
            _two_bit_bytes() + 0.4
        ),
    },
)

# ------------------------------------------------------------------------------ 5. overlapping windows

register_choice(
    "overlap_unpool_vs_gradient",
    lesson="10",
    number=5,
    section="§7 SegNet, and unpooling as a gradient",
    title="choose what happens where pooling windows overlap",
    question="A 3x3 max pooling with stride 2 (overlapping windows) picks the same input pixel p as the "
    "maximum of two neighbouring windows, whose upstream gradients are g1 and g2. What do "
    "F.max_unpool2d(g, indices, 3, 2) and the gradient of the pooling (autograd) put at p?",
    options={
        "a": "Both put g1 + g2 there: max-unpooling is the gradient of max pooling, and both send the values "
        "back through the same indices.",
        "b": "Both put only one of g1, g2 there: each window routes its gradient to its own maximum, and a "
        "pixel receives a single value.",
        "c": "max_unpool2d puts g1 + g2 there, as it scatter-adds like tf.scatter_nd; the gradient puts "
        "max(g1, g2), as the max picks one.",
        "d": "The gradient puts g1 + g2; max_unpool2d keeps only one of them (one write overwrites the "
        "other), so they agree only without repeats.",
    },
    answer="d",
    explanation="The gradient of a sum of window maxima adds up one contribution per window a pixel won "
    "(a scatter-ADD, like tf.scatter_nd), while max_unpool2d is a scatter that WRITES: for a repeated index "
    "one value survives. Without overlaps (stride >= kernel) every index appears once and the two are equal.",
    hint="Write the loss as the sum of g_window * max(window) and differentiate with respect to p: how many "
    "terms contain p?",
    wrong_answers={
        "That holds only without overlaps: max_unpool2d WRITES values, so a repeated index keeps one of them; "
        "the gradient ADDS them (section 7 runs it).": "a",
        "Autograd accumulates: p appears in two terms of the loss, so its gradient is the sum of both.": "b",
        "It is the other way round: autograd adds (both windows depend on p); max_unpool2d writes, it never "
        "adds and never takes a maximum.": "c",
    },
)


register_explain(
    'segnet_indices_tradeoff',
    lesson='10',
    number=6,
    section='§7 SegNet, and unpooling as a gradient',
    title="what SegNet's decoder gets from the indices",
    question=("SegNet's decoder keeps only the encoder's max-pooling indices, where U-Net keeps whole "
              'encoder feature maps. Explain what the decoder gains from the indices, what it never gets '
              'back, and what keeping them costs compared with keeping the feature maps.'),
    key_points={'Where in each window does max-unpooling put a value, and how does it know?': ['\\bposition',
                                                                                               '\\blocation',
                                                                                               'where the '
                                                                                               '(max|maximum|largest)',
                                                                                               '(index|indices) '
                                                                                               '(of|tell|say|record|mark)',
                                                                                               'right '
                                                                                               '(place|pixel|spot)'],
                'What happens to the other pixels of each pooling window?': ['\\bzeros?\\b',
                                                                             '\\blost\\b',
                                                                             'discard',
                                                                             'thrown away',
                                                                             'sparse'],
                'How does the storage of indices compare with storing feature maps?': ['memory',
                                                                                       '\\bbytes?\\b',
                                                                                       'storage',
                                                                                       'cheap',
                                                                                       'smaller',
                                                                                       'less (space|data)']},
    model_answer=('Max-unpooling writes each decoder value back at the position where the encoder found the '
                  'maximum of its window, so edges and thin structures return to the right place. Only that '
                  'position is kept: the other pixels of the window come back as zeros, their values are '
                  'lost, and the unpooled map is sparse until the next convolutions fill it in. In exchange '
                  'the indices need far less memory than the feature maps U-Net copies across (one small '
                  'integer per window instead of every float).'),
    wrong_answers={'Where in each window does max-unpooling put a value, and how does it know?': 'Unpooling '
                                                                                                 'in SegNet '
                                                                                                 'fills each '
                                                                                                 'window '
                                                                                                 'with '
                                                                                                 'copies of '
                                                                                                 'the pooled '
                                                                                                 'value, so '
                                                                                                 'the '
                                                                                                 'decoder '
                                                                                                 'output is '
                                                                                                 'smooth and '
                                                                                                 'it needs '
                                                                                                 'as much '
                                                                                                 'memory as '
                                                                                                 'storing '
                                                                                                 'the '
                                                                                                 'features.'},
)
