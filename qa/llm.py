"""Local LLM back ends for generative answers: an OpenAI-compatible HTTP server (Ollama,
llama.cpp's server, vLLM...) or a GGUF file run in-process by llama-cpp-python.

Both stream the reply as text pieces; neither ever reaches past the URL or file it is given.

>>> llm = LLMSettings(url="http://127.0.0.1:11434/v1", model="gemma3:270m").connect()
>>> "".join(llm.stream([{"role": "user", "content": "Say hi."}]))
"""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from index.errors import CiteqaError

ANSWERERS = ("extractive", "llm")


class LLMError(CiteqaError):
    """The LLM could not be reached, loaded or understood."""


class ChatModel(Protocol):
    name: str

    def stream(self, messages: list[dict]) -> Iterator[str]:
        """The reply to ``messages`` (OpenAI chat format), piece by piece."""
        ...


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
        return bool(self.url or self.gguf)

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
        if self.gguf:
            return LlamaCppChat(
                self.gguf, max_tokens=self.max_tokens, temperature=self.temperature, context=self.context
            )
        raise LLMError(
            "the llm answerer needs an LLM: pass --llm-url URL (an OpenAI-compatible server such as "
            "Ollama's http://127.0.0.1:11434/v1) or --llm-gguf FILE, or set CITEQA_LLM_URL / CITEQA_LLM_GGUF"
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
                    piece = (choice.get("delta") or {}).get("content") or (choice.get("text") or "")
                    if piece:
                        yield piece


@lru_cache(maxsize=2)
def _load_gguf(path: str, context: int):
    try:
        from llama_cpp import Llama
    except ImportError:
        raise LLMError(
            "running a GGUF file needs llama-cpp-python: pip install 'citeqa[llm]' (or use --llm-url)"
        ) from None
    threads = max(1, min(4, os.cpu_count() or 1))
    try:
        llama = Llama(model_path=path, n_ctx=context, n_threads=threads, verbose=False)
    except ValueError as err:
        raise LLMError(f"could not load {path} with llama-cpp-python ({err}); is it a GGUF model file?") from None
    # A GGUF without a chat template gets llama-2's format, which Gemma answers with garbage.
    if "tokenizer.chat_template" not in llama.metadata:
        architecture = llama.metadata.get("general.architecture", "")
        fallback = chat_format_for(architecture)
        if fallback:
            llama.chat_format = fallback
            llama.chat_handler = None
    return llama


def chat_format_for(architecture: str) -> str | None:
    """llama-cpp-python's chat format for a model family whose GGUF carries no chat template."""
    return "gemma" if architecture.startswith("gemma") else None


class LlamaCppChat:
    """Chat completions from a GGUF file, run in this process by llama-cpp-python (loaded once)."""

    def __init__(
        self, path: str | os.PathLike, *, max_tokens: int = 160, temperature: float = 0.0, context: int = 4096
    ):
        self.path = Path(path).expanduser()
        if not self.path.is_file():
            raise LLMError(f"the GGUF file {self.path} does not exist; give the path of a .gguf model")
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.context = context
        self._lock = threading.Lock()  # one llama context: one generation at a time

    @property
    def name(self) -> str:
        return self.path.name

    def stream(self, messages: list[dict]) -> Iterator[str]:
        with self._lock:
            llama = _load_gguf(str(self.path), self.context)
            try:
                chunks = llama.create_chat_completion(
                    messages=messages, max_tokens=self.max_tokens, temperature=self.temperature, stream=True
                )
                for chunk in chunks:
                    for choice in chunk.get("choices") or []:
                        piece = (choice.get("delta") or {}).get("content")
                        if piece:
                            yield piece
            except ValueError as err:  # e.g. the prompt does not fit the context
                raise LLMError(f"{self.path.name}: {err}") from None


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
        "--llm-gguf", metavar="FILE", default=None, help="run a GGUF model file in-process instead ($CITEQA_LLM_GGUF)"
    )
    parser.add_argument(
        "--llm-max-tokens", type=int, metavar="N", default=None, help="longest reply in tokens (default 160)"
    )


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
