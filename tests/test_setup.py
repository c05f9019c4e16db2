"""The README's setup lines are what CI runs, and they build llama.cpp for any x86-64 machine."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("install_llama_cpp", ROOT / "scripts" / "install_llama_cpp.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ci_runs_the_readme_test_line_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = re.search(r"Run the whole test suite.*?```bash\n(.*?)\n```", readme, re.S).group(1)
    assert line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    # llama-cpp-python is built by the script first, so pip never compiles it natively.
    assert line.index("scripts/install_llama_cpp.py") < line.index("pip install -e '.[test]'")


def test_the_llama_build_is_portable_and_never_amx():
    script = _script()
    flags = dict(f.removeprefix("-D").split("=") for f in script.PORTABLE.split())
    assert flags["GGML_NATIVE"] == "OFF"
    assert flags["GGML_AVX2"] == "ON" and flags["GGML_AVX512"] == "OFF"
    assert all(flags[f"GGML_AMX_{kind}"] == "OFF" for kind in ("TILE", "INT8", "BF16"))
    assert script.requirement().startswith("llama-cpp-python[server]==")  # the pin in pyproject.toml


def test_amx_instructions_are_recognised(tmp_path):
    script = _script()
    amx = script.AMX
    for line in ("  4f: tilezero %tmm4", "  10: tileloadd (%rax,%rcx,1),%tmm0", "  2a: tdpbssd %tmm2,%tmm1,%tmm0"):
        assert amx.search(line), line
    for line in ("  4f: vpdpbusd %zmm1,%zmm2,%zmm3", "  10: vmovdqu (%rax),%ymm0", "  12: call tile_size"):
        assert not amx.search(line), line
    if shutil.which("as") and shutil.which("objdump"):  # binutils, as the build needs: the real disassembly
        source = "tilezero %tmm4\ntileloadd (%rax,%rcx,1),%tmm0\nvpdpbusd %zmm1,%zmm2,%zmm3\n"
        subprocess.run(["as", "-o", str(tmp_path / "amx.o"), "-"], input=source, text=True, check=True)
        found = script.amx_instructions([tmp_path / "amx.o"])
        assert [f.split(": ", 1)[1] for f in found] == ["tilezero %tmm4", "tileloadd (%rax,%rcx,1),%tmm0"]


def test_a_cached_native_wheel_is_dropped_and_rebuilt(monkeypatch):
    """pip's wheel cache ignores CMAKE_ARGS: when the build it installs holds AMX code, the
    script removes llama-cpp-python from the cache and builds again without it."""
    script = _script()
    calls, builds = [], []
    monkeypatch.setattr(script, "pip", lambda *args, **kw: calls.append(args))
    results = iter([["libggml-cpu.so: tilezero %tmm4"], []])  # the cached native build, then the rebuilt one
    monkeypatch.setattr(script, "amx_instructions", lambda libs: next(results))
    monkeypatch.setattr(script, "installed", lambda: (None, []) if not builds else ("0.3.36", [Path("lib.so")]))
    monkeypatch.setattr(script, "build", lambda req, cache: (builds.append(cache), calls.append(("install",))))
    assert script.main([]) == 0
    assert builds == [True, False]  # with the cache, then without it
    assert ("cache", "remove", "llama_cpp_python") in calls
