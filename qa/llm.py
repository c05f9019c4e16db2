"""Local LLM back ends for generative answers: an OpenAI-compatible HTTP server (Ollama,
llama.cpp's server, vLLM...) or a GGUF file run by llama-cpp-python in a supervised child process.

Both stream the reply as text pieces; neither ever reaches past the URL or file it is given.

>>> llm = LLMSettings(url="http://127.0.0.1:11434/v1", model="gemma3:270m").connect()
>>> "".join(llm.stream([{"role": "user", "content": "Say hi."}]))
"""

from __future__ import annotations

import json
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from index.errors import CiteqaError

ANSWERERS = ("extractive", "llm")


class LLMError(CiteqaError):
    """The LLM could not be reached, loaded or understood."""


class LLMCrashed(LLMError):
    """The local model's process died or hung mid-answer; the next question starts a fresh one."""


class ChatModel(Protocol):
    name: str

    def stream(self, messages: list[dict]) -> Iterator[str]:
        """The reply to ``messages`` (OpenAI chat format), piece by piece."""
        ...


class _FinishReason:
    """Why the last reply streamed on this thread ended ("stop", "length"...), if the back end said."""

    def __init__(self) -> None:
        self._local = threading.local()

    def set(self, reason: str | None) -> None:
        self._local.reason = reason

    def cut_off(self) -> bool | None:
        """Whether the last reply this thread streamed stopped at the token limit (None: unknown)."""
        reason = getattr(self._local, "reason", None)
        return None if reason is None else reason == "length"


def cut_off(llm: ChatModel) -> bool | None:
    """Whether ``llm``'s last reply on this thread was cut off at the token limit (None: unknown)."""
    finish = getattr(llm, "finish", None)
    return finish.cut_off() if isinstance(finish, _FinishReason) else None


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise LLMError(f"${name} must be a whole number, got {value!r}") from None


@dataclass(frozen=True)
class LLMSettings:
    """Which LLM to use and how; each field falls back to its environment variable.

    ``url`` (CITEQA_LLM_URL) is an OpenAI-compatible base URL (``/v1`` is added when the URL has
    no path); ``model`` (CITEQA_LLM_MODEL) the server's model name (default: the first one the
    server lists); ``gguf`` (CITEQA_LLM_GGUF) a GGUF file to run in-process instead. The API key,
    if the server wants one, is read from the environment variable named by ``api_key_env``.
    """

    url: str | None = field(default_factory=lambda: os.environ.get("CITEQA_LLM_URL") or None)
    model: str | None = field(default_factory=lambda: os.environ.get("CITEQA_LLM_MODEL") or None)
    gguf: str | None = field(default_factory=lambda: os.environ.get("CITEQA_LLM_GGUF") or None)
    api_key_env: str = "CITEQA_LLM_API_KEY"
    max_tokens: int = field(default_factory=lambda: _env_int("CITEQA_LLM_MAX_TOKENS", 160))
    temperature: float = 0.0  # the most likely words: a guess is less likely to survive verification
    timeout: float = 120.0  # seconds without a byte from the server
    context: int = 4096  # tokens, for a GGUF file: five passages and the reply fit

    def __post_init__(self) -> None:
        if self.url and self.gguf:
            raise LLMError("give either an LLM URL or a GGUF file, not both")
        if self.url and urlsplit(self.url).scheme not in ("http", "https"):
            raise LLMError(f"the LLM URL must start with http:// or https://, got {self.url!r}")
        if self.max_tokens < 1:
            raise LLMError(f"max_tokens must be greater than 0, got {self.max_tokens}")

    @property
    def configured(self) -> bool:
        """A URL or file was given (flags or environment)."""
        return bool(self.url or self.gguf)

    @property
    def available(self) -> bool:
        """``connect`` has a back end: one was given, or a packaged model is installed."""
        from qa import packaged

        return self.configured or packaged.default() is not None

    def with_overrides(self, **values) -> LLMSettings:
        """These settings with every non-None value of ``values`` replacing its field."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})

    def connect(self) -> ChatModel:
        """The back end these settings describe. Raises LLMError when none is configured."""
        if self.url:
            return OpenAIChat(
                self.url,
                self.model,
                api_key=os.environ.get(self.api_key_env) or None,
                max_tokens=self.max_tokens,
                temperature=self.temperature,
                timeout=self.timeout,
            )
        from qa import packaged

        gguf = self.gguf
        if not gguf and (model := packaged.default()) is not None:
            gguf = str(model.assemble())  # the llm-demo extra's model, once per machine
        if gguf:
            return LlamaCppChat(
                packaged.resolve(gguf), max_tokens=self.max_tokens, temperature=self.temperature, context=self.context
            )
        raise LLMError(
            "the llm answerer needs an LLM: pass --llm-url URL (an OpenAI-compatible server such as "
            "Ollama's http://127.0.0.1:11434/v1) or --llm-gguf FILE, set CITEQA_LLM_URL / CITEQA_LLM_GGUF, "
            "or install the packaged demo model: pip install -e '.[llm-demo]'"
        )


class OpenAIChat:
    """Chat completions from an OpenAI-compatible server, streamed (server-sent events)."""

    def __init__(
        self,
        url: str,
        model: str | None = None,
        *,
        api_key: str | None = None,
        max_tokens: int = 160,
        temperature: float = 0.0,
        timeout: float = 120.0,
    ) -> None:
        base = url.rstrip("/")
        self.base = base if urlsplit(base).path else base + "/v1"
        self.api_key = api_key
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.timeout = timeout
        self._model = model
        self._lock = threading.Lock()
        self.finish = _FinishReason()

    @property
    def name(self) -> str:
        return f"{self.model} at {self.base}"

    @property
    def model(self) -> str:
        with self._lock:
            if self._model is None:
                listed = self._get("/models").get("data") or []
                if not listed or not isinstance(listed[0], dict) or not listed[0].get("id"):
                    raise LLMError(f"the LLM server at {self.base} lists no models; pass --llm-model NAME")
                self._model = str(listed[0]["id"])
            return self._model

    def _request(self, path: str, body: dict | None = None) -> urllib.request.Request:
        headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        data = json.dumps(body).encode() if body is not None else None
        return urllib.request.Request(self.base + path, data=data, headers=headers)

    def _open(self, request: urllib.request.Request):
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310 (an http(s) URL we checked)
        except urllib.error.HTTPError as err:
            detail = err.read(300).decode("utf-8", "replace").strip()
            hint = " (check the API key in $CITEQA_LLM_API_KEY)" if err.code in (401, 403) else ""
            raise LLMError(f"the LLM server at {self.base} answered {err.code} {err.reason}{hint}: {detail}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise LLMError(
                f"could not reach the LLM server at {self.base} ({reason}); start it or fix --llm-url"
            ) from None

    def _get(self, path: str) -> dict:
        with self._open(self._request(path)) as response:
            try:
                return json.loads(response.read())
            except ValueError:
                raise LLMError(f"the LLM server at {self.base} did not answer {path} with JSON") from None

    def stream(self, messages: list[dict]) -> Iterator[str]:
        body = {
            "model": self.model,
            "messages": messages,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "stream": True,
        }
        self.finish.set(None)
        with self._open(self._request("/chat/completions", body)) as response:
            for raw in response:
                line = raw.decode("utf-8", "replace").strip()
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    return
                try:
                    event = json.loads(data)
                except ValueError:
                    raise LLMError(f"the LLM server at {self.base} sent a line that is not JSON: {data[:80]}") from None
                if event.get("error"):
                    raise LLMError(f"the LLM server at {self.base} failed: {event['error']}")
                for choice in event.get("choices") or []:
                    if choice.get("finish_reason"):
                        self.finish.set(choice["finish_reason"])
                    piece = (choice.get("delta") or {}).get("content") or (choice.get("text") or "")
                    if piece:
                        yield piece


WORKER = Path(__file__).with_name("gguf_worker.py")
LOAD_TIMEOUT = 600.0  # seconds to load a GGUF file (a few for 270M, minutes for a big model on a slow disk)
log = logging.getLogger("citeqa.llm")


def _death(returncode: int, name: str) -> str:
    """What to tell the user when the model's process ended with ``returncode`` mid-answer."""
    if returncode < 0:
        try:
            how = f"was killed by {signal.Signals(-returncode).name}"
        except ValueError:
            how = f"was killed by signal {-returncode}"
    else:
        how = f"exited with status {returncode}"
    hint = "It is restarted for the next question."
    if returncode == -signal.SIGILL:
        hint = (
            "llama.cpp ran an instruction this CPU or its kernel does not allow (built for another CPU, or "
            "with AMX): rebuild it with `python scripts/install_llama_cpp.py --force`, or use --llm-url."
        )
    return f"the language model ({name}) stopped while answering: its process {how}. {hint}"


class _Worker:
    """One supervised ``qa/gguf_worker.py`` process for one model file, started on first use and
    again after it dies. ``exchange`` runs one request; one at a time (the caller holds ``lock``)."""

    def __init__(self, path: Path, context: int, timeout: float) -> None:
        self.path, self.context, self.timeout = path, context, timeout
        self.lock = threading.Lock()
        self.proc: subprocess.Popen | None = None
        self._buffer = b""

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None and self.proc.poll() is None else None

    def _start(self) -> None:
        threads = max(1, min(4, os.cpu_count() or 1))
        cmd = [sys.executable, str(WORKER), str(self.path), str(self.context), str(threads)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._buffer = b""
        weakref.finalize(self, _end, self.proc)
        threading.Thread(target=_drain, args=(self.proc.stderr, self.path.name), daemon=True).start()
        ready = self._receive(LOAD_TIMEOUT)
        if not ready.get("ready"):
            self.stop()
            raise LLMError(str(ready.get("error") or f"{self.path.name}: the model process did not start"))

    def stop(self) -> None:
        if self.proc is not None:
            _end(self.proc)
            self.proc = None

    def _died(self) -> LLMCrashed:
        proc, self.proc = self.proc, None
        try:
            returncode = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _end(proc)
            returncode = proc.returncode
        log.warning("the model process for %s ended with %s", self.path.name, returncode)
        return LLMCrashed(_death(returncode, self.path.name))

    def _receive(self, timeout: float) -> dict:
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                self.stop()
                raise LLMCrashed(
                    f"the language model ({self.path.name}) wrote nothing for {timeout:.0f} s; it was stopped "
                    "and is restarted for the next question"
                )
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise self._died()
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def exchange(self, request: dict, finish: _FinishReason) -> Iterator[str]:
        """The reply to ``request``, piece by piece (why it ended goes to ``finish``). Raises
        LLMError if the process fails."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        finished = False
        try:
            try:
                self.proc.stdin.write(json.dumps(request).encode() + b"\n")
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError):
                raise self._died() from None
            while True:
                message = self._receive(self.timeout)
                if "piece" in message:
                    yield message["piece"]
                    continue
                finished = True
                if "error" in message:
                    raise LLMError(f"{self.path.name}: {message['error']}")
                finish.set(message.get("finish"))
                return
        finally:
            if not finished:  # died, timed out, or the caller stopped reading: start afresh next time
                self.stop()


def _end(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for pipe in (proc.stdin, proc.stdout):
        try:
            pipe.close()
        except OSError:
            pass


def _drain(pipe, name: str) -> None:
    """llama.cpp's own messages: the debug log, never the user's terminal."""
    for raw in pipe:
        log.debug("%s: %s", name, raw.decode("utf-8", "replace").rstrip())


_workers: dict[tuple[str, int], _Worker] = {}
_workers_lock = threading.Lock()


class LlamaCppChat:
    """Chat completions from a GGUF file, run by llama-cpp-python in a child process that this
    one supervises (one per file and context size, shared, loaded once).

    A native crash in llama.cpp (SIGILL, SIGSEGV...) costs only the answer being written: it
    raises LLMError saying so, and the next question starts a fresh process.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        max_tokens: int = 160,
        temperature: float = 0.0,
        context: int = 4096,
        timeout: float = 300.0,
    ):
        self.path = Path(path).expanduser()
        if not self.path.is_file():
            raise LLMError(f"the GGUF file {self.path} does not exist; give the path of a .gguf model")
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.context = context
        with _workers_lock:
            key = (str(self.path.resolve()), context)
            self._worker = _workers.setdefault(key, _Worker(self.path, context, timeout))
        self.finish = _FinishReason()

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def pid(self) -> int | None:
        """The model process's id while it runs (None before the first question)."""
        return self._worker.pid

    def stream(self, messages: list[dict]) -> Iterator[str]:
        request = {"messages": messages, "max_tokens": self.max_tokens, "temperature": self.temperature}
        self.finish.set(None)
        with self._worker.lock:  # one llama context: one generation at a time
            yield from self._worker.exchange(request, self.finish)


# -- command-line flags (citeqa ask/serve/eval and app.py share them) -------------------------------


def add_llm_arguments(parser, *, answerer_default: str | None = None) -> None:
    """Add --answerer, --llm-url, --llm-model, --llm-gguf and --llm-max-tokens to ``parser``."""
    parser.add_argument(
        "--answerer",
        choices=ANSWERERS,
        default=answerer_default,
        help="extractive (default; $CITEQA_ANSWERER) or llm: a local LLM writes the answer, every sentence verified",
    )
    parser.add_argument(
        "--llm-url",
        metavar="URL",
        default=None,
        help="OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 for Ollama ($CITEQA_LLM_URL; "
        "API key from $CITEQA_LLM_API_KEY)",
    )
    parser.add_argument(
        "--llm-model", metavar="NAME", default=None, help="model name on that server ($CITEQA_LLM_MODEL)"
    )
    parser.add_argument(
        "--llm-gguf",
        metavar="FILE",
        default=None,
        help="run a GGUF model file in-process instead, or a packaged model by name: "
        f"{', '.join(packaged_names())} ($CITEQA_LLM_GGUF; default: the installed packaged model)",
    )
    parser.add_argument(
        "--llm-max-tokens", type=int, metavar="N", default=None, help="longest reply in tokens (default 160)"
    )


def packaged_names() -> list[str]:
    from qa.packaged import MODELS

    return list(MODELS)


def llm_settings_from(args) -> LLMSettings:
    """The LLM settings from parsed flags over the environment (a flag wins)."""
    settings = LLMSettings()
    if args.llm_url or args.llm_gguf:  # one back end given on the command line replaces the other's env
        settings = replace(settings, url=None, gguf=None)
    return settings.with_overrides(
        url=args.llm_url, model=args.llm_model, gguf=args.llm_gguf, max_tokens=args.llm_max_tokens
    )


def llm_flags(args) -> list[str]:
    """The LLM flags of ``args`` as a command line again (for handing on to app.py)."""
    flags = []
    for name in ("answerer", "llm_url", "llm_model", "llm_gguf", "llm_max_tokens"):
        value = getattr(args, name, None)
        if value is not None:
            flags += [f"--{name.replace('_', '-')}", str(value)]
    return flags
