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
        ((1, 3, 12), ["3 numbers", "not the right count"]),
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
    right = check("nearest_parameters", " (C) ", verbose=False)
    assert right.passed and "why:" in right.message
    wrong = check("nearest_parameters", "d", verbose=False)
    assert wrong.status == FAILED and "(d)" in wrong.message and "why:" not in wrong.message
    assert "(c)" not in wrong.message  # the right option is not revealed
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
def test_unknown_name_is_a_failure_naming_close_names_not_a_traceback(capsys):
    r = check("upsample_nearst", ref)
    assert r.status == FAILED and not r
    assert "Did you mean 'upsample_nearest'" in r.message and r.message in capsys.readouterr().out
    assert "Known exercises" in check("zzzzzz", ref, verbose=False).message
    assert "upsample_nearst" not in checks.results()
    with pytest.raises(UnknownExercise, match="Did you mean 'upsample_nearest'") as info:
        checks.get_exercise("upsample_nearst")
    assert isinstance(info.value, ValueError)


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
    assert out.splitlines()[0] == "Lesson 00: 1 of 4 exercises passed."
    assert [row[3] for row in report.rows] == [PASSED, FAILED, "not checked yet", "not checked yet"]
    check("upsampled_shape", (1, 3, 12, 15), verbose=False)
    check("nearest_parameters", "c", verbose=False)
    check("upsampled_bytes", 4 * 16 * 60 * 90 * 4, verbose=False)
    report = progress("00")
    assert report and "All done" in capsys.readouterr().out
    assert repr(report) == "<ProgressReport lesson 00: 4/4 passed>"


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


# -------------------------------------------------------------------------- the rule every check follows
def statement(exercise) -> str:
    """The markdown of exercise ``exercise``'s section ("## Exercise N...") in its solutions notebook."""
    path = next((ROOT / "solutions").glob(f"{exercise.lesson}_*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text, inside = [], False
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        heading = re.match(r"#+\s*Exercise\s+(\d+)", source)
        if heading:
            inside = int(heading.group(1)) == exercise.number
        elif source.lstrip().startswith("#"):
            inside = False
        if inside:
            text.append(source)
    assert text, f"{path.name} has no '## Exercise {exercise.number}' section"
    return "\n".join(text)


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: f"{e.lesson}-{e.name}")
def test_every_exercise_follows_the_rules(exercise):
    """helpers/checks/_rules.py: defaults, int and float inputs, sizes, overlaps, dtypes, counts, precision."""
    problems = checks.audit(exercise, statement(exercise))
    assert not problems, f"{exercise.name}: " + "; ".join(problems)


# ---------------------------------------------- issue #16: wrong answers that passed, a right one that failed
def test_rules_are_exported_and_documented():
    assert set(checks.RULES) == {checks.DEFAULTS, checks.INT_AND_FLOAT, checks.LARGE, checks.OVERLAP}
    doc = flat(_registry.__doc__ + checks._rules.__doc__)
    for words in ("defaults are exercised", "integer and float inputs", "overlapping windows",
                  "counts must be integers", "float tolerances fit the dtype", "names the precision"):
        assert words in doc


def test_max_unpool_writes_like_torch_and_a_scatter_add_fails_on_overlapping_windows():
    torch = pytest.importorskip("torch")
    from helpers.exercises import l10_unpooling as l10

    peak = np.zeros((1, 1, 5, 5))
    peak[0, 0, 2, 2] = 9.0
    values, idx = torch.nn.functional.max_pool2d(torch.tensor(peak), 3, 2, return_indices=True)
    theirs = torch.nn.functional.max_unpool2d(values, idx, 3, 2, output_size=(5, 5)).numpy()
    ours = l10.max_unpool(values.numpy(), idx.numpy(), (5, 5))
    np.testing.assert_array_equal(ours, theirs)
    assert ours[0, 0, 2, 2] == 9 and l10._scatter_add(values.numpy(), idx.numpy(), (5, 5))[0, 0, 2, 2] == 36
    r = check("max_unpool", l10._scatter_add, verbose=False)
    assert r.status == FAILED and "WRITES" in r.hint


def _loop(dtype, error=0.0):
    def trans_conv_dilated(X, K, stride=1, dilation=1):
        X, K = np.asarray(X, dtype=dtype), np.asarray(K, dtype=dtype)
        H, W = X.shape
        kh, kw = K.shape
        d = dilation
        Y = np.zeros(((H - 1) * stride + d * (kh - 1) + 1, (W - 1) * stride + d * (kw - 1) + 1), dtype=dtype)
        for i in range(H):
            for j in range(W):
                Y[i * stride : i * stride + d * (kh - 1) + 1 : d, j * stride : j * stride + d * (kw - 1) + 1 : d] += (
                    X[i, j] * K)
        Y.flat[-1] += error
        return Y

    return trans_conv_dilated


def test_a_correct_float32_loop_passes_and_a_small_error_is_shown_with_enough_digits():
    assert check("trans_conv_dilated", _loop(np.float32), verbose=False).passed
    assert check("trans_conv_dilated", _loop(np.float64), verbose=False).passed
    r = check("trans_conv_dilated", _loop(np.float32, error=1e-3), verbose=False)
    assert r.status == FAILED
    line = next(ln for ln in r.message.splitlines() if "first difference" in ln)
    expected, got = re.search(r"expected (\S+), got (\S+);", line).groups()
    assert expected != got, line  # never "expected 0.0318, got 0.0318"
    assert "largest absolute error 0.001" in line
    kw = dict(rtol=1e-6, atol=1e-8, dtype="kind", function=True, reveal=True)
    tiny = compare(np.array([0.0318]), np.array([0.0318 + 3e-7]), **kw)
    assert not tiny.ok and "3e-07" in tiny.details[0] and "0.0318, got 0.0318;" not in tiny.details[0]


def test_nearest_source_index_catches_the_float_formula():
    from helpers.exercises import l02_nearest_resizing as l02

    assert l02._float_scale(30, 22, "nearest")[11] == 14 and l02.source_index(30, 22, "nearest")[11] == 15
    r = check("nearest_copy_counts", l02._float_counts, verbose=False)
    assert r.status == FAILED and "floating point" in r.hint


def test_counts_have_no_fraction_but_a_whole_float_passes_with_a_note():
    for name, right in (("segnet_index_bytes", 691200), ("tconv_param_count", 131136)):
        for wrong in (right + 0.4, right + 0.1, right - 0.5):
            r = check(name, wrong, verbose=False)
            assert r.status == FAILED and "whole number" in r.message, (name, wrong)
        whole = check(name, float(right), verbose=False)
        assert whole.passed and "whole number" in whole.message
    assert check("tconv_macs", lambda *a: float(np.prod(a[:5]) * a[5] ** 2), verbose=False).status == FAILED


def test_bandwidth_floor_accepts_any_answer_to_the_nearest_microsecond():
    exact = checks.get_exercise("nearest_bandwidth_floor").expected_value()
    for answer in (336, 336.0, round(exact, 2), exact, np.float32(exact)):
        assert check("nearest_bandwidth_floor", answer, verbose=False).passed, answer
    for answer in (335, 337, 335.0):
        assert check("nearest_bandwidth_floor", answer, verbose=False).status == FAILED, answer


def test_tconv_macs_must_be_derived_not_measured():
    pytest.importorskip("torch")
    from helpers.exercises import l13_speed_and_memory as l13

    r = check("tconv_macs", l13._measured, verbose=False)
    assert r.status == FAILED and "too large" in r.hint and r.failed_case == 6


def test_a_hint_is_matched_on_several_cases_not_only_the_failing_one():
    from helpers.exercises import l06_padding_stride_output_size as l06

    r = check("transpose_output_size", l06._minus_p, verbose=False)
    assert r.status == FAILED and "2p" in r.hint and "ignores the kernel" not in r.message

    def only_case_2_is_i_times_s(i, k, s=1, p=0, output_padding=0, dilation=1):
        if (i, k, s, p, output_padding, dilation) == (3, 3, 2, 1, 0, 1):
            return i * s  # equal to the "i·s" wrong answer on this case only
        return l06.conv_transpose_output_size(i, k, s, p, output_padding, dilation)

    r = check("transpose_output_size", only_case_2_is_i_times_s, verbose=False)
    assert r.status == FAILED and r.failed_case == 2 and r.wrong_answer is None
    assert r.hint == checks.get_exercise("transpose_output_size").hint


def test_functions_without_the_stated_defaults_fail_with_a_hint_about_defaults():
    def no_defaults(i, k, s, p, output_padding, dilation):
        return (i - 1) * s - 2 * p + dilation * (k - 1) + output_padding + 1

    r = check("transpose_output_size", no_defaults, verbose=False)
    assert r.status == FAILED and "TypeError" in r.message and "defaults" in r.hint


def test_hints_do_not_give_the_answer_away():
    shape = checks.get_exercise("scale_factor_output_shape")
    for hint in [shape.hint, *shape.wrong_answers]:
        assert "= 7" not in hint and "= 10" not in hint and "7 × 1.5" not in hint, hint
    padding = checks.get_exercise("output_padding_back_to_8")
    for hint in [padding.hint, *padding.wrong_answers]:
        assert "(4-1)" not in hint and "one more" not in hint and "give 9" not in hint, hint
    r = check("even_kernels_stride3", (3, 6), verbose=False)
    assert r.status == FAILED and "3 numbers" not in r.message and "2 numbers" in r.message
    r = check("overlap_k5_s3", 5, verbose=False)
    assert r.status == FAILED and "(14,)" not in r.message


def test_a_function_that_calls_sys_exit_is_a_failure():
    import sys

    r = check("upsample_nearest", lambda x, r: sys.exit(1), verbose=False)
    assert r.status == FAILED and "SystemExit" in r.message and "sys.exit" in r.message


def test_an_error_shows_the_line_of_the_learners_code_that_raised_it():
    def upsample(x, r):
        y = np.repeat(x, r, axis=-1)
        return y.reshape(7, 7)  # the line that raises

    r = check("upsample_nearest", upsample, verbose=False)
    assert r.status == FAILED and "ValueError" in r.message
    where = next(ln for ln in r.message.splitlines() if "where:" in ln)
    assert "of upsample" in where and "y.reshape(7, 7)" in where


@pytest.mark.parametrize("framework", ["numpy", "torch", "tensorflow"])
def test_tensors_are_accepted_as_numbers_and_shapes(framework):
    if framework == "numpy":
        number, pair = np.float64(20.0), np.array([5, 5])
    elif framework == "torch":
        torch = pytest.importorskip("torch")
        number, pair = torch.tensor(20.0), torch.tensor([5, 5])
    else:
        tf = pytest.importorskip("tensorflow")
        number, pair = tf.constant(20.0), tf.constant([5, 5])
    assert check("trans_conv_center_value", number, verbose=False).passed
    assert check("trans_conv_padded_shape", pair, verbose=False).passed
    assert check("trans_conv_center_value", number * 2, verbose=False).status == FAILED
