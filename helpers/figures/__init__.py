"""Per-lesson figures and widgets only: one module per lesson, ``lNN_topic.py``.

Each module holds the lesson's ``draw_*`` figure functions (plain ``draw(fig, **values)`` functions that
tests and ``make bench`` call without a browser), its ``*_widget`` builders (controls over a ``draw_*``
function, through :func:`helpers.widgets.interactive_figure`) and private helpers. The concept math they
draw lives in the concept modules (:mod:`helpers.resize`, :mod:`helpers.conv`, :mod:`helpers.artifacts`,
...), never here; ``tests/test_layout_rules.py`` keeps it that way. The shared widget machinery
(``render``, ``interactive_figure``, ``Raster``, ``paint_grid``, ``glyph``) is :mod:`helpers.widgets`.

Only NumPy, matplotlib and ipywidgets are imported (and the NumPy-only concept modules): no torch or
TensorFlow, so the widgets run in a light environment (ipywidgets 7 on Colab, 8 in JupyterLab).
"""
