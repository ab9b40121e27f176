"""Exercise definitions, one module per lesson: ``lNN_topic.py`` registers lesson NN's exercises.

Nothing here lists the modules: :func:`helpers.checks.load_exercises` imports every ``lNN_*`` module of
this package (``pkgutil.iter_modules``) the first time ``check`` or ``progress`` runs, so adding a lesson
means adding a file. See README.md in this folder for the guide.
"""
