"""A first start as a new user sees it: no third-party noise on the terminal (it goes to the
debug log), and progress lines that agree with the summary."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_first_index_prints_only_citeqa_lines_and_agreeing_progress(tmp_path):
    env = os.environ | {
        "CITEQA_MODEL_CACHE": str(tmp_path / "models"),  # a machine's very first start: export and quantize
        "CITEQA_LOG": str(tmp_path / "citeqa.log"),
        "HF_HUB_OFFLINE": "1",
    }
    cmd = [sys.executable, "-m", "qa.cli", "index", str(ROOT / "seeds"), "--store", str(tmp_path / "store")]
    run = subprocess.run([*cmd, "--progress"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr
    lines = (run.stdout + run.stderr).splitlines()
    assert not [line for line in lines if re.search(r"WARNING|Warning|Please consider|Traceback", line)], lines
    written = int(re.search(r"\((\d+) chunks written", run.stdout + run.stderr).group(1))
    progress = [line for line in lines if line.startswith("progress ")]
    assert progress[-1].endswith(f"{written} chunks embedded and written"), progress
    for line in progress:  # "N of M new chunks embedded": never more than were queued
        if m := re.search(r"(\d+) of (\d+) new chunks", line):
            assert int(m.group(1)) <= int(m.group(2)) <= written
    # The quantizer's advice is kept, in the debug log.
    assert "Please consider to run pre-processing" in (tmp_path / "citeqa.log").read_text(encoding="utf-8")
