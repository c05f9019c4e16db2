"""Runs a GGUF model with llama-cpp-python in a child process of qa/llm.py, so that a native
crash in llama.cpp (SIGILL, SIGSEGV, an abort) costs the parent one answer, not the app.

Started by path, ``python qa/gguf_worker.py MODEL CONTEXT THREADS`` (importing the qa package
would load all of citeqa), it speaks one JSON object per line. It writes ``{"ready": true}``
once the model is loaded (or ``{"error": ...}`` and exits); then for each request
``{"messages": [...], "max_tokens": N, "temperature": T}`` it writes ``{"piece": "..."}`` lines
and ``{"done": true}``, or ``{"error": ...}``. It exits when its input closes.
"""

from __future__ import annotations

import json
import os
import signal
import sys


def chat_format_for(architecture: str) -> str | None:
    """llama-cpp-python's chat format for a model family whose GGUF carries no chat template."""
    return "gemma" if architecture.startswith("gemma") else None


def load(path: str, context: int, threads: int):
    """The model at ``path``, with a chat format that fits it. Raises ImportError, ValueError."""
    from llama_cpp import Llama

    llama = Llama(model_path=path, n_ctx=context, n_threads=threads, verbose=False)
    # A GGUF without a chat template gets llama-2's format, which Gemma answers with garbage.
    if "tokenizer.chat_template" not in llama.metadata:
        fallback = chat_format_for(llama.metadata.get("general.architecture", ""))
        if fallback:
            llama.chat_format = fallback
            llama.chat_handler = None
    return llama


def main(argv: list[str]) -> int:
    path, context, threads = argv[0], int(argv[1]), int(argv[2])
    # The protocol gets its own copy of stdout; whatever native code prints goes to stderr.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's; this one ends with its input

    def send(**message) -> None:
        out.write(json.dumps(message) + "\n")

    try:
        llama = load(path, context, threads)
    except ImportError:
        send(error="running a GGUF file needs llama-cpp-python: see the README's llm section (or use --llm-url)")
        return 1
    except ValueError as err:
        send(error=f"could not load {os.path.basename(path)} with llama-cpp-python ({err}); is it a GGUF model file?")
        return 1
    send(ready=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            chunks = llama.create_chat_completion(
                messages=request["messages"],
                max_tokens=request["max_tokens"],
                temperature=request["temperature"],
                stream=True,
            )
            finish = None
            for chunk in chunks:
                for choice in chunk.get("choices") or []:
                    finish = choice.get("finish_reason") or finish
                    piece = (choice.get("delta") or {}).get("content")
                    if piece:
                        send(piece=piece)
        except ValueError as err:  # e.g. the prompt does not fit the context
            send(error=str(err))
        else:
            send(done=True, finish=finish)  # "length": cut off at max_tokens
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
