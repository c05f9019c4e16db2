"""Install llama-cpp-python, the llm extra's native part, built so that it runs on any x86-64
machine with AVX2 (every x86-64 server CPU since 2015), AMX-advertising or not.

Why not a plain ``pip install``: pip compiles llama.cpp with ``-march=native``. On a host whose
CPU advertises AMX but whose kernel or hypervisor does not grant the AMX tile state, that build
dies with SIGILL (``tilezero``) on the first token. And pip caches the wheel it built under a
key that ignores CMAKE_ARGS, so a native wheel built earlier comes back silently whatever
CMAKE_ARGS says. So this script:

1. leaves an installed build alone if it is the pinned version and holds no AMX code;
2. otherwise builds it with ``PORTABLE`` below as CMAKE_ARGS (or yours, if CMAKE_ARGS is set);
3. checks the installed library for AMX instructions; if a cached wheel brought some back, it
   removes llama-cpp-python's wheels from pip's cache and builds once more without the cache.

Usage, with the Python of the environment to install into::

    .venv/bin/python scripts/install_llama_cpp.py           # then pip install -e '.[llm]' or '.[test]'
    .venv/bin/python scripts/install_llama_cpp.py --force   # rebuild whatever is installed
    .venv/bin/python scripts/install_llama_cpp.py --check   # exit 1 if the installed build has AMX code
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# x86-64-v3 (AVX2, FMA, F16C, BMI2), chosen at build time instead of -march=native; no AVX-512
# (not every machine has it) and no AMX (the SIGILL above). README, "Generative answers", says
# what to set on a CPU you know.
PORTABLE = (
    "-DGGML_NATIVE=OFF -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_BMI2=ON -DGGML_FMA=ON -DGGML_F16C=ON "
    "-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
)
AMX = re.compile(r"\b(tilezero|tileloadd\w*|tilestored|tilerelease|ldtilecfg|sttilecfg|tdp\w+ps|tdpb\w\wd)\b|%tmm\d")


def requirement() -> str:
    """The llm extra's llama-cpp-python requirement, as pinned in pyproject.toml."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    return next(r for r in extras["llm"] if r.startswith("llama-cpp-python"))


def installed() -> tuple[str | None, list[Path]]:
    """The installed llama-cpp-python's version and its ggml CPU libraries (None, [] if absent)."""
    from importlib import metadata

    try:
        dist = metadata.distribution("llama-cpp-python")
    except metadata.PackageNotFoundError:
        return None, []
    libs = [Path(dist.locate_file(f)) for f in dist.files or [] if re.search(r"libggml-cpu[^/]*\.so", str(f))]
    unique = {}  # a wheel holds libggml-cpu.so, .so.0 and .so.0.25.3 as copies: read one
    for lib in libs:
        unique.setdefault((lib.stat().st_size, lib.read_bytes()[-4096:]), lib)
    return dist.version, list(unique.values())


def amx_instructions(libs: list[Path]) -> list[str] | None:
    """The AMX instructions in ``libs`` (a few, for the message); None when objdump is missing."""
    if shutil.which("objdump") is None:
        return None
    found: list[str] = []
    for lib in libs:
        listing = subprocess.run(
            ["objdump", "-d", "--no-show-raw-insn", str(lib)], capture_output=True, text=True, check=True
        ).stdout
        found += [f"{lib.name}: {line.split(':', 1)[-1].strip()}" for line in listing.splitlines() if AMX.search(line)]
    return found[:5]


def pip(*args: str, env: dict | None = None, check: bool = True) -> None:
    print("+ pip", " ".join(args), flush=True)
    subprocess.run([sys.executable, "-m", "pip", *args], check=check, env=env)


def build(req: str, *, cache: bool) -> None:
    env = dict(os.environ)
    if not env.get("CMAKE_ARGS") and platform.machine().lower() in ("x86_64", "amd64"):
        env["CMAKE_ARGS"] = PORTABLE
    print(f"building {req} with CMAKE_ARGS={env.get('CMAKE_ARGS', '')!r} (5-10 minutes)", flush=True)
    pip("uninstall", "--yes", "--quiet", "llama-cpp-python")
    pip("install", *([] if cache else ["--no-cache-dir"]), req, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if a good build is installed")
    parser.add_argument("--check", action="store_true", help="only check the installed build")
    args = parser.parse_args(argv)
    req = requirement()
    pinned = req.split("==", 1)[1] if "==" in req else None

    version, libs = installed()
    amx = amx_instructions(libs) if libs else []
    if args.check:
        if version is None:
            print("llama-cpp-python is not installed")
            return 1
        if amx:
            print(
                "llama-cpp-python was built with AMX code, which dies with SIGILL on hosts that advertise AMX "
                f"without granting it ({'; '.join(amx)}); rebuild: python scripts/install_llama_cpp.py --force"
            )
            return 1
        print(f"llama-cpp-python {version}: no AMX code" + (" (objdump missing: not checked)" if amx is None else ""))
        return 0
    if not args.force and version is not None and version == (pinned or version) and libs and amx == []:
        print(f"llama-cpp-python {version} is installed and holds no AMX code; nothing to do")
        return 0

    build(req, cache=not args.force)
    version, libs = installed()
    amx = amx_instructions(libs)
    if amx and not args.force:  # pip reused a wheel it had built natively before: drop it and rebuild
        print(f"the installed build has AMX code ({amx[0]}): pip reused a cached wheel; rebuilding without it")
        pip("cache", "remove", "llama_cpp_python", check=False)  # fails only where the cache is off
        build(req, cache=False)
        amx = amx_instructions(installed()[1])
    if amx is None:
        print("objdump (binutils) is missing: could not check the build for AMX code")
    elif amx:
        print(f"llama-cpp-python still holds AMX code ({amx[0]}); is CMAKE_ARGS asking for it?", file=sys.stderr)
        return 1
    print(f"llama-cpp-python {installed()[0]} installed, no AMX code")
    return 0


if __name__ == "__main__":
    sys.exit(main())
