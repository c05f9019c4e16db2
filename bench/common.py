"""Shared helpers for the benchmarks: paths, corpus sampling, machine facts, peak memory, results."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `python bench/x.py` puts bench/ on the path, not the repo
    sys.path.insert(0, str(REPO))

# The corpus sits beside the repo in CI (../shared/corpora/bbc); fall back to the absolute path.
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"
if not DEFAULT_CORPUS.is_dir() and Path("/work/shared/corpora/bbc").is_dir():
    DEFAULT_CORPUS = Path("/work/shared/corpora/bbc")
SEEDS = REPO / "seeds"
WORK = Path(os.environ.get("CITEQA_BENCH_DIR", "/tmp/citeqa-bench"))
RESULTS = WORK / "results"
QUESTION_FILES = [REPO / "tests" / "data" / f for f in ("bbc_questions.jsonl", "holdout_questions.jsonl")]


def machine() -> dict:
    """nproc, CPU model and memory: the facts a reader needs to compare figures."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "mem_gb": round(mem_gb, 1),
        "python": platform.python_version(),
    }


def loadavg() -> list[float]:
    """The 1/5/15-minute load averages (what `uptime` prints): is someone else using the CPUs?"""
    return [round(x, 2) for x in os.getloadavg()]


def reset_peak_rss() -> bool:
    """Reset this process's VmHWM so the next peak reading covers one phase only (Linux >= 4.0)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def rss_mb() -> dict:
    """Current (VmRSS) and peak (VmHWM) resident memory of this process, in MB."""
    out = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(("VmRSS", "VmHWM")):
                key, value = line.split(":", 1)
                out[key] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        import resource

        out["VmHWM"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return {"rss_mb": out.get("VmRSS"), "peak_rss_mb": out.get("VmHWM")}


def sample_corpus(corpus: Path, limit: int | None, dest: Path) -> Path:
    """A copy of ``limit`` articles spread evenly over the corpus (every k-th file), in ``dest``.

    Copies keep the category folders, so source names stay unique ("business/286.txt"); with no
    limit the corpus folder itself is returned. The corpus README is not an article: left out.
    """
    files = sorted(p for p in corpus.rglob("*.txt") if p.parent != corpus)
    if not limit or limit >= len(files):
        return corpus
    step = len(files) / limit
    picked = [files[int(i * step)] for i in range(limit)]
    shutil.rmtree(dest, ignore_errors=True)
    for src in picked:
        target = dest / src.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    return dest


def questions(limit: int | None = None) -> list[str]:
    out = []
    for path in QUESTION_FILES:
        for line in path.read_text().splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out[:limit] if limit else out


def percentiles(values_ms: list[float]) -> dict:
    values = sorted(values_ms)
    if not values:
        return {}

    def pct(p: float) -> float:
        # nearest-rank on sorted data: p95 of 93 values is the 89th
        return values[min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))]

    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(pct(95), 1),
        "max_ms": round(values[-1], 1),
        "mean_ms": round(statistics.fmean(values), 1),
    }


def save(name: str, result: dict) -> Path:
    """Write ``result`` (plus machine facts and a timestamp) to RESULTS/name.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {"bench": name, "when": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": machine()} | result
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return path


def run_phase(script: Path, args: list[str], env: dict[str, str] | None = None) -> dict:
    """Run one phase of a benchmark in a fresh interpreter (its own peak RSS); returns its JSON.

    ``env``: variables to set (on top of this process's environment) in the child only.
    """
    child_env = os.environ | env if env else None
    proc = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, cwd=REPO, check=False, env=child_env
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{script.name} {' '.join(args)} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def offline() -> None:
    """The weights are on disk; never reach for a hub (there is no internet here)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
