"""Bad questions get a clear message or an honest abstention, never a stack trace: in the Python
API, the `citeqa ask` command and the web UI (see RELIABILITY.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import SEEDS
from test_app import ask, running_app

from qa import CiteqaError
from qa.assistant import clean_question
from qa.results import ABSTAIN_TEXT

# kind -> (question, what a refusal must say; None: it is a question and gets answered or abstained)
BAD = {
    "empty": ("", "empty"),
    "whitespace": (" \t\n  \r\n ", "empty"),
    "20k chars": ("Why did Putin not congratulate Biden? " * 527, "limit is 2,000"),
    "only punctuation": ("?!?... ;;; ,,, !!!", None),
    "Spanish": ("¿Qué dijo Putin sobre las relaciones entre Rusia y Estados Unidos?", None),
    "Chinese": ("普京对美俄关系说了什么？", None),
    "control characters": ("What did\x00 Putin\x07 say\x1b[31m about\x7f relations\x0c with the US?\x85", None),
}
KINDS = list(BAD)
# the control characters alone, once stripped, leave an empty question
ONLY_CONTROL = ("\x00\x01\x1b\x7f\x9f", "empty")


def seed_text(source: str) -> str:
    return (SEEDS / source).read_text(encoding="utf-8")


def check_answer(answer: dict, question: str) -> None:
    """An abstention without citations, or an answer found in its first verbatim citation."""
    assert answer["question"] == clean_question(question)  # echoed without control characters
    if answer["abstained"]:
        assert answer["answer"] == ABSTAIN_TEXT and answer["citations"] == []
        return
    assert answer["citations"], answer
    for c in answer["citations"]:
        assert seed_text(c["source"])[c["start"] : c["end"]] == c["text"]
    assert answer["answer"] in answer["citations"][0]["text"]


# -- the Python API ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [*KINDS, "only control characters"])
def test_api_refuses_or_answers_honestly(seed_bot, kind):
    question, refusal = ONLY_CONTROL if kind == "only control characters" else BAD[kind]
    if refusal:
        with pytest.raises(CiteqaError, match=refusal) as err:
            seed_bot.ask(question)
        assert "\n" not in str(err.value) and "ask" in str(err.value).lower()  # one line, says what to do
        return
    check_answer(seed_bot.ask(question).to_dict(), question)


def test_api_control_characters_do_not_change_the_answer(seed_bot):
    clean = seed_bot.ask("What did Putin say about relations with the US?")
    dirty = seed_bot.ask(BAD["control characters"][0])
    assert dirty.question == "What did Putin say about relations with the US?"  # the colour code goes whole
    assert not dirty.abstained and "ruined" in dirty.answer
    first, same = dirty.citations[0], clean.citations[0]  # the same quote (the score may differ)
    assert (first.source, first.start, first.end) == (same.source, same.start, same.end)


def test_api_refuses_a_question_that_is_not_text(seed_bot):
    with pytest.raises(CiteqaError, match="must be text"):
        seed_bot.ask(None)  # type: ignore[arg-type]


# -- the command line ----------------------------------------------------------------------------


def test_cli_main_handles_every_kind(seed_bot, capsys):
    """`citeqa ask` for every kind, in this process (the model loads once): exit 0 or 1, no traceback."""
    from qa.cli import main

    for kind in KINDS:
        question, refusal = BAD[kind]
        code = main(["ask", question, "--store", str(seed_bot.store_path), "--json"])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err, kind
        if refusal:
            assert code == 1 and out == "", kind
            assert err.startswith("citeqa: error: the question") and refusal in err, (kind, err)
        else:
            assert code == 0 and err == "", (kind, err)
            check_answer(json.loads(out), question)


def test_cli_subprocess_exit_codes_and_messages(seed_bot):
    """The real command, three runs: a refusal before the model loads, a long one, an abstention."""
    env = os.environ | {"HF_HUB_OFFLINE": "1"}
    store = str(seed_bot.store_path)
    runs = {
        kind: subprocess.Popen(
            [sys.executable, "-m", "qa", "ask", BAD[kind][0], "--store", store, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        # NUL cannot travel in argv: the control-character run is checked in-process above
        for kind in ("whitespace", "20k chars", "Chinese")
    }
    results = {kind: (p.wait(timeout=300), *p.communicate()) for kind, p in runs.items()}
    for kind, (_, out, err) in results.items():
        assert "Traceback" not in out + err, (kind, err)
    code, out, err = results["whitespace"]
    assert code == 1 and err.strip() == "citeqa: error: the question is empty; ask something about the articles"
    code, out, err = results["20k chars"]
    assert code == 1 and "limit is 2,000" in err and "shorter question" in err and len(err) < 300
    code, out, err = results["Chinese"]
    assert code == 0, err
    check_answer(json.loads(out), BAD["Chinese"][0])


# -- the web UI ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ui_client(tmp_path_factory):
    from gradio_client import Client

    with running_app(tmp_path_factory.mktemp("bad-questions") / "store") as url:
        yield Client(url, verbose=False)


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_ui_shows_a_clear_message_or_abstains(ui_client, kind):
    from gradio_client.exceptions import AppError

    question, refusal = BAD[kind]
    if refusal:
        with pytest.raises(AppError) as err:
            ask(ui_client, question)
        message = str(err.value)
        assert refusal in message and "Traceback" not in message and 'File "' not in message
        return
    history, sources, answer = ask(ui_client, question)
    check_answer(answer, question)
    shown = json.dumps(history) + sources
    assert "Traceback" not in shown and "\x00" not in shown and "\x1b" not in shown
    if answer["abstained"]:
        assert "No sources" in sources


@pytest.mark.slow
def test_ui_still_answers_after_bad_questions(ui_client):
    from gradio_client.exceptions import AppError

    for question in ("", "x" * 20_000):
        with pytest.raises(AppError):
            ask(ui_client, question)
    _, _, answer = ask(ui_client, "Who is Putin's spokesman?")
    assert not answer["abstained"] and answer["citations"]
