"""The "explain" kind of exercise: key points found by patterns, a model answer shown on a pass."""

import pytest

from helpers.checks import FAILED, NOT_ATTEMPTED, PASSED, _registry, check, question, register_explain

PROMPTS = {
    "What does padding do to the input of a convolution, and so what does its transpose do?":
        [r"\bcrop", r"remov\w* (the )?(border|edge|rim)", r"cut\w* (off|away)"],
    "Which size formula does that change?": [r"output size", r"\(i ?- ?1\) ?s", r"smaller output"],
}
MODEL = ("A convolution's padding adds zeros around its input; the transposed convolution runs that map "
         "backwards, so the same p crops p rows and columns from its full output, and the output size "
         "formula loses 2p.")


@pytest.fixture
def explain():
    before = dict(_registry._REGISTRY)
    ex = register_explain(
        "t_explain", lesson="99", number=1, question="Why does padding make a transposed convolution smaller?",
        key_points=PROMPTS, model_answer=MODEL,
        wrong_answers={list(PROMPTS)[0]: "Padding adds zeros around the output of the transposed convolution, "
                                         "so the output size grows by 2p in each direction."},
        section="§4 Padding crops")
    yield ex
    _registry._REGISTRY.clear()
    _registry._REGISTRY.update(before)


def flat(text):
    return " ".join(text.split())


def test_stub_short_and_non_text_answers(explain):
    assert check("t_explain", ..., verbose=False).status == NOT_ATTEMPTED
    assert check("t_explain", "   ", verbose=False).status == NOT_ATTEMPTED
    short = check("t_explain", "It crops.", verbose=False)
    assert short.status == FAILED and "at least 12 words" in flat(short.message)
    for junk in (3, None, ["crop"], lambda: "crop"):
        r = check("t_explain", junk, verbose=False)
        assert r.status == FAILED and "as a string" in flat(r.message)


def test_missing_point_is_named_without_the_answer(explain):
    text = "The transposed convolution of a padded convolution crops its full output by p on every side of it."
    r = check("t_explain", text, verbose=False)
    assert r.status == FAILED and r.hint == list(PROMPTS)[1]
    assert flat(list(PROMPTS)[1]) in flat(r.message) and MODEL not in flat(r.message)


def test_a_covering_answer_passes_and_shows_the_model_answer(explain):
    text = ("Padding pads the input of the forward convolution, so in the transposed direction it removes "
            "the border: the output size is (i-1)s + k - 2p, smaller than without padding.")
    r = check("t_explain", text, verbose=False)
    assert r.status == PASSED and flat(MODEL) in flat(r.message)


def test_registered_misconception_fails_with_its_prompt(explain):
    prompt, text = next(iter(explain.wrong_answers.items()))
    r = check("t_explain", text, verbose=False)
    assert r.status == FAILED and r.wrong_answer == prompt


def test_question_prints_how_it_is_checked(explain, capsys):
    question("t_explain")
    out = flat(capsys.readouterr().out)
    assert "Why does padding" in out and "2 ideas" in out and "at least 12 words" in out


def test_registration_rejects_inconsistent_exercises(explain):
    good = dict(lesson="99", question="q?", key_points=PROMPTS, model_answer=MODEL,
                wrong_answers={list(PROMPTS)[0]: "Padding adds zeros around the output so the output size "
                                                 "grows by 2p on each axis."})
    with pytest.raises(ValueError, match="model answer"):
        register_explain("t_e2", number=2, **{**good, "model_answer": "Padding adds zeros to the input " * 3})
    with pytest.raises(ValueError, match="miss that point first"):
        register_explain("t_e3", number=3, **{**good, "wrong_answers": {list(PROMPTS)[0]: MODEL}})
    with pytest.raises(ValueError, match="prompt of key_points"):
        register_explain("t_e4", number=4, **{**good, "wrong_answers": {"another prompt": MODEL}})
    with pytest.raises(ValueError, match="key_points"):
        register_explain("t_e5", number=5, **{**good, "key_points": {}})
