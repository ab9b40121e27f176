"""The check engine (helpers.checks) and every registered exercise (helpers/exercises/lNN_*.py).

``test_every_exercise`` is parametrized over the registry, so an exercise added in a new lesson module
is covered without editing this file: its stub must report "not attempted", each registered wrong
answer must fail *with its own hint*, and the reference must pass.
"""

from __future__ import annotations

import json
import pathlib
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from helpers import checks
from helpers.checks import (
    FAILED,
    NOT_ATTEMPTED,
    PASSED,
    STATUSES,
    UnknownExercise,
    _registry,
    case,
    check,
    progress,
    question,
    register_choice,
    register_function,
    register_value,
)
from helpers.checks._compare import compare

ROOT = pathlib.Path(__file__).resolve().parents[1]
REGISTRY = checks.load_exercises(strict=True)
ALL = sorted(REGISTRY.values(), key=lambda e: (e.lesson, e.number))


def flat(text: str) -> str:
    """Message text with line wrapping and indentation collapsed, for substring assertions."""
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def clean_session():
    checks.reset()
    yield
    checks.reset()


@pytest.fixture
def scratch_registry():
    """Register throwaway exercises (lesson 99) and remove them afterwards."""
    before = dict(_registry._REGISTRY)
    yield
    _registry._REGISTRY.clear()
    _registry._REGISTRY.update(before)


def ref(x, r):
    return np.repeat(np.repeat(x, r, axis=-2), r, axis=-1)


# ------------------------------------------------------------------------------ every registered exercise
def test_there_are_exercises_of_every_kind():
    assert {e.kind for e in ALL} >= {"function", "value", "choice"}


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: f"{e.lesson}-{e.name}")
def test_every_exercise(exercise, capsys):
    stub = check(exercise.name, exercise.stub())
    assert stub.status == NOT_ATTEMPTED and not stub, stub.message
    assert "not attempted" in stub.message

    assert exercise.wrong_answers, "every exercise needs at least one plausible wrong answer"
    for hint, wrong in exercise.wrong_answers.items():
        result = check(exercise.name, wrong)
        assert result.status == FAILED, f"wrong answer with hint {hint!r} passed"
        assert result.wrong_answer == hint, (
            f"wrong answer with hint {hint!r} failed but showed the hint of {result.wrong_answer!r}: "
            "make its output on the first failing case differ from the other wrong answers' (order the cases)"
        )
        assert flat(hint) in flat(result.message)

    solution = check(exercise.name, exercise.solution())
    assert solution.status == PASSED and solution, solution.message
    assert solution.cases == solution.total >= 1
    printed = capsys.readouterr().out
    assert solution.message in printed
    # Seeded: the same answer gives the same text (stored notebook outputs are compared by strict nbval).
    again = check(exercise.name, exercise.solution(), verbose=False)
    assert again.message == solution.message


def test_exercise_numbers_are_1_to_n_in_each_lesson_and_modules_match_lessons():
    lessons = {}
    for e in ALL:
        lessons.setdefault(e.lesson, []).append(e.number)
        match = re.search(r"\.l(\d\d)_\w+$", e.module)
        assert match and match.group(1) == e.lesson, (
            f"{e.name!r} is registered in {e.module}, not lesson {e.lesson}"
        )
    for lesson, numbers in lessons.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"lesson {lesson} numbers {numbers}"


def test_each_solutions_notebook_checks_every_exercise_of_its_lesson():
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        lesson = path.name[:2]
        cells = json.loads(path.read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        for e in ALL:
            if e.lesson == lesson:
                assert re.search(rf"check\(\s*['\"]{e.name}['\"]", code), (
                    f"{path.name} never checks {e.name!r}"
                )


# ------------------------------------------------------------------------------------- function answers
def test_none_is_a_clear_failure():
    r = check("upsample_nearest", lambda x, r: None, verbose=False)
    assert r.status == FAILED and "None" in r.problem and "return" in r.problem


def test_list_instead_of_array_is_converted_and_said():
    r = check("upsample_nearest", lambda x, r: ref(x, r).tolist(), verbose=False)
    assert r.passed and "list" in flat(r.message) and "np.asarray" in flat(r.message)
    ragged = check("upsample_nearest", lambda x, r: [[1, 2], [3]], verbose=False)
    assert ragged.status == FAILED and "ragged" in ragged.problem


def test_tensor_like_output_is_converted():
    class FakeTensor:
        def __init__(self, a):
            self.a, self.shape = a, a.shape

        def detach(self):
            return self

        def cpu(self):
            return self

        def numpy(self):
            return self.a

    r = check("upsample_nearest", lambda x, r: FakeTensor(ref(x, r)), verbose=False)
    assert r.passed and "FakeTensor" in r.message


def test_wrong_shape_names_both_shapes():
    r = check("upsample_nearest", lambda x, r: ref(x, r)[..., :1, :], verbose=False)
    assert r.status == FAILED and r.failed_case == 1
    assert "wrong shape" in r.problem and "(4, 4)" in r.problem and "(1, 4)" in r.problem
    for word in ("input:", "expected:", "got:", "hint:"):
        assert word in r.message


def test_wrong_dtype_says_float_versus_int():
    r = check("upsample_nearest", lambda x, r: ref(x, r).astype(float), verbose=False)
    assert r.status == FAILED and "dtype" in r.problem
    assert "integer" in r.problem and "float" in r.problem


def test_exception_in_learner_code_shows_type_and_message_not_a_traceback():
    def broken(x, r):
        return x / 0 if False else {}["missing"]

    r = check("upsample_nearest", broken, verbose=False)
    assert r.status == FAILED and "KeyError" in r.message and "'missing'" in r.message
    assert "Traceback" not in r.message and "raised" in r.message


def test_not_implemented_on_a_later_case_is_a_failure_not_a_stub():
    def partial(x, r):
        if x.ndim == 4:
            raise NotImplementedError("4-D later")
        return ref(x, r)

    r = check("upsample_nearest", partial, verbose=False)
    assert r.status == FAILED and r.failed_case == 3 and "NotImplementedError" in r.message


def test_nan_in_output_is_named():
    def nan_for_floats(x, r):
        y = ref(x, r)
        if y.dtype.kind == "f":
            y = y.copy()
            y[..., 0, 1] = np.nan
        return y

    r = check("upsample_nearest", nan_for_floats, verbose=False)
    assert r.status == FAILED and r.failed_case == 2 and "NaN" in r.problem and "[0, 1]" in r.problem


def test_wrong_values_on_a_large_case_are_summarised():
    def off_on_4d(x, r):
        y = ref(x, r)
        return y + 1 if y.ndim == 4 else y

    r = check("upsample_nearest", off_on_4d, verbose=False)
    assert r.status == FAILED and r.failed_case == 3
    assert "array of shape (1, 2, 6, 8)" in r.message and "largest absolute error 1" in r.message


def test_value_where_a_function_is_expected():
    r = check("upsample_nearest", ref(np.ones((2, 2)), 2), verbose=False)
    assert r.status == FAILED and "function itself" in r.problem and "without calling" in flat(r.message)
    assert r.total == 24


def test_learner_cannot_corrupt_the_cases_by_mutating_inputs():
    def mutating(x, r):
        y = ref(x, r)
        x *= 0
        return y

    assert check("upsample_nearest", mutating, verbose=False).passed


# ---------------------------------------------------------------------------------------- value answers
def test_value_answers():
    assert check("upsampled_shape", (1, 3, 12, 15), verbose=False).passed
    as_list = check("upsampled_shape", [1, 3, 12, 15], verbose=False)
    assert as_list.passed and "list" in as_list.message
    floats = check("upsampled_shape", (1.0, 3.0, 12.0, 15.0), verbose=False)
    assert floats.passed and "float" in floats.message
    assert check("upsampled_shape", np.array([1, 3, 12, 15]), verbose=False).passed
    assert check("upsampled_shape", ..., verbose=False).status == NOT_ATTEMPTED


@pytest.mark.parametrize(
    "answer, words",
    [
        (None, ["None"]),
        ("1, 3, 12, 15", ["str"]),
        (12, ["single number"]),
        ((1, 3, 12), ["4 numbers"]),
        ((1, 3, 12.5, 15), ["whole numbers"]),
        ((1, 3, float("nan"), 15), ["whole numbers"]),
        (len, ["value"]),
    ],
)
def test_value_mistakes_are_clear_and_never_reveal_the_answer(answer, words):
    r = check("upsampled_shape", answer, verbose=False)
    assert r.status == FAILED
    for word in words:
        assert word in r.message
    assert "(1, 3, 12, 15)" not in r.message


def test_value_nan_and_types(scratch_registry):
    register_value(
        "t_number", lesson="99", number=1, expected=lambda: 0.5, hint="h", wrong_answers={"halved": 0.25}
    )
    assert check("t_number", 0.5 + 1e-12, verbose=False).passed
    assert "NaN" in check("t_number", float("nan"), verbose=False).problem
    assert "bool" in check("t_number", True, verbose=False).problem
    assert "shape" in check("t_number", np.array([0.5, 0.5]), verbose=False).problem
    assert check("t_number", np.float32(0.5), verbose=False).passed
    assert check("t_number", 0.25, verbose=False).hint == "halved"


# --------------------------------------------------------------------------------------- choice answers
def test_choice_answers():
    right = check("nearest_parameters", " (A) ", verbose=False)
    assert right.passed and "why:" in right.message
    wrong = check("nearest_parameters", "d", verbose=False)
    assert wrong.status == FAILED and "(d)" in wrong.message and "why:" not in wrong.message
    assert "(a)" not in wrong.message  # the right option is not revealed
    assert "not one of the options" in check("nearest_parameters", "z", verbose=False).problem
    assert "letter" in check("nearest_parameters", 1, verbose=False).problem
    assert "letter" in check("nearest_parameters", print, verbose=False).problem
    assert check("nearest_parameters", ..., verbose=False).status == NOT_ATTEMPTED


def test_question_prints_the_options(capsys):
    question("nearest_parameters")
    out = capsys.readouterr().out
    assert out.startswith("Exercise 3:") and "(a)" in out and "(d)" in out
    with pytest.raises(ValueError, match="not multiple choice"):
        question("upsample_nearest")


# ------------------------------------------------------------------------------------ engine behaviour
def test_unknown_name_raises_a_value_error_naming_close_names():
    with pytest.raises(UnknownExercise, match="Did you mean 'upsample_nearest'") as info:
        check("upsample_nearst", ref)
    assert isinstance(info.value, ValueError)
    with pytest.raises(ValueError, match="Known exercises"):
        check("zzzzzz", ref)


def test_missing_answer_argument():
    r = check("upsampled_shape", verbose=False)
    assert r.status == FAILED and "second argument" in r.message


def test_result_object_prints_once_and_has_a_short_repr(capsys):
    r = check("upsampled_shape", (1, 3, 12, 15))
    out = capsys.readouterr().out
    assert out == r.message + "\n" and out.count("\n") == 1 and out.startswith("✅")
    assert repr(r) == "<CheckResult upsampled_shape: passed>"
    assert r._ipython_display_() is None  # IPython shows nothing for the returned object
    assert capsys.readouterr().out == ""
    assert (r.name, r.lesson, r.number, r.cases, r.total) == ("upsampled_shape", "00", 2, 1, 1)


def test_progress_table(capsys):
    empty = progress("00")
    assert not empty and empty.passed == 0 and "not checked yet" in capsys.readouterr().out
    check("upsample_nearest", ref, verbose=False)
    check("upsampled_shape", (3, 9, 12, 15), verbose=False)
    report = progress(0)
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Lesson 00: 1 of 3 exercises passed."
    assert [row[3] for row in report.rows] == [PASSED, FAILED, "not checked yet"]
    check("upsampled_shape", (1, 3, 12, 15), verbose=False)
    check("nearest_parameters", "a", verbose=False)
    report = progress("00")
    assert report and "All done" in capsys.readouterr().out
    assert repr(report) == "<ProgressReport lesson 00: 3/3 passed>"


def test_progress_for_a_lesson_without_exercises(capsys):
    assert not progress("98")
    assert "has no exercises" in capsys.readouterr().out
    assert not progress("not a lesson")
    assert "lesson number" in capsys.readouterr().out


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=5),
    st.just(...),
    st.lists(st.integers(), max_size=5),
    st.tuples(st.integers(), st.floats()),
    hnp.arrays(hnp.scalar_dtypes(), hnp.array_shapes(min_dims=0, max_dims=4, max_side=4)),
    st.builds(object),
    st.just(np.float64),
    st.just(ValueError("x")),
)


@settings(max_examples=60)
@given(value=junk, wrap=st.booleans(), exercise=st.sampled_from(ALL))
def test_check_never_raises_whatever_the_answer(value, wrap, exercise):
    answer = (lambda *a, **k: value) if wrap else value
    r = check(exercise.name, answer, verbose=False)
    assert r.status in STATUSES and r.message


# ----------------------------------------------------------------------------------------- registration
def test_registration_requires_a_wrong_answer(scratch_registry):
    with pytest.raises(ValueError, match="wrong_answers"):
        register_function(
            "t_f",
            lesson="99",
            number=1,
            reference=ref,
            cases=[(np.ones((1, 1)), 2)],
            hint="h",
            wrong_answers={},
        )
    with pytest.raises(ValueError, match="wrong_answers"):
        register_value("t_v", lesson="99", number=1, expected=1, hint="h", wrong_answers=None)


def test_registration_validates_its_arguments(scratch_registry):
    good = dict(
        lesson="99", reference=ref, cases=[(np.ones((1, 1)), 2)], hint="h", wrong_answers={"w": np.tile}
    )
    register_function("t_f", number=1, **good)
    register_function("t_f", number=1, **good)  # re-registering from the same module (a reload) is fine
    with pytest.raises(ValueError, match="already has exercise 1"):
        register_function("t_g", number=1, **good)
    with pytest.raises(ValueError, match="lowercase identifier"):
        register_function("Bad Name", number=2, **good)
    with pytest.raises(ValueError, match="lesson"):
        register_function("t_h", number=2, **{**good, "lesson": "first"})
    with pytest.raises(TypeError, match="each case"):
        register_function("t_h", number=2, **{**good, "cases": [np.ones(3)]})
    with pytest.raises(TypeError, match="must be a function"):
        register_function("t_h", number=2, **{**good, "wrong_answers": {"w": 3}})
    choice = dict(lesson="99", question="q", options={"a": "x", "b": "y"}, explanation="e", hint="h")
    with pytest.raises(ValueError, match="wrong option"):
        register_choice("t_c", number=3, answer="a", wrong_answers={"w": "a"}, **choice)
    with pytest.raises(ValueError, match="not one of the options"):
        register_choice("t_c", number=3, answer="c", wrong_answers={"w": "a"}, **choice)
    register_choice("t_c", number=3, answer="a", wrong_answers={"w": "b"}, **choice)
    assert check("t_c", "b", verbose=False).hint == "w"


def test_keyword_cases_and_labels(scratch_registry):
    def scale(x, factor=2):
        return x * factor

    register_function(
        "t_kw",
        lesson="99",
        number=1,
        reference=scale,
        cases=[case(np.arange(3), factor=3), {"x": np.ones(2)}],
        hint="h",
        wrong_answers={"added": lambda x, factor=2: x + factor},
    )
    r = check("t_kw", lambda x, factor=2: x + factor, verbose=False)
    assert r.status == FAILED and r.wrong_answer == "added"
    assert "x = [0, 1, 2]" in r.message and "factor = 3" in r.message


def test_tuple_outputs_and_exact_dtype(scratch_registry):
    def split(x):
        return x.max(), np.argmax(x)

    register_function(
        "t_tuple",
        lesson="99",
        number=1,
        reference=split,
        cases=[(np.array([1.0, 5.0, 2.0]),)],
        hint="h",
        wrong_answers={"argmin": lambda x: (x.max(), np.argmin(x))},
    )
    assert check("t_tuple", split, verbose=False).passed
    r = check("t_tuple", lambda x: (x.max(), 0), verbose=False)
    assert r.status == FAILED and r.problem.startswith("item 1") and r.wrong_answer == "argmin"
    assert "2 items" in check("t_tuple", lambda x: (x.max(),), verbose=False).problem

    register_function(
        "t_exact",
        lesson="99",
        number=2,
        reference=lambda x: x.astype(np.float32),
        cases=[(np.ones(2),)],
        hint="h",
        dtype="exact",
        wrong_answers={"w": lambda x: x},
    )
    assert "float32" in check("t_exact", lambda x: x, verbose=False).problem


def test_compare_units():
    kw = dict(rtol=1e-6, atol=1e-8, dtype="kind", function=True, reveal=True)
    assert compare(np.ones(3), np.ones(3) + 1e-9, **kw).ok
    assert "inf" in compare(np.ones(2), np.array([1.0, np.inf]), **kw).problem
    assert compare(np.array([np.nan]), np.array([np.nan]), **kw).ok
    assert "string" in compare("abc", 3, **kw).problem
    assert compare(None, None, **kw).ok
    assert "expected None" in compare(None, 3, **kw).problem
    assert "float" in compare(3, 3.0, **kw).problem
    assert compare(3, 3.0, **{**kw, "dtype": None}).ok
    assert "cannot" not in (compare(np.ones(2), "ab", **kw).problem or "")
