"""The shipped int8 ONNX reader -> torch weights: ``python -m qa.reader.recover OUT.pt``.

The repository keeps the reader only as int8 ONNX (23 MB; the torch ingredients of the soup were
not kept). A later training stage needs torch weights, so this reads them back: every int8
tensor is dequantized (``(q - zero_point) * scale``, per channel where the quantizer made it so)
and put under its torch name, which the ONNX graph records in the name of the node that reads it.
The result is the shipped model up to int8 rounding (it points at the spans the int8 model points
at: tests/test_reader.py), so a stage trained on top starts from what users run.
"""

from __future__ import annotations

import argparse
import logging
import re
from pathlib import Path

import numpy as np

from index.settings import ReaderSettings, default_model_path

log = logging.getLogger("citeqa.reader.recover")
# The module a MatMul belongs to, in its output's or its own name: "/encoder/.../query/MatMul".
_MODULE = re.compile(r"/(.+)/(?:Gemm_)?MatMul")


def _dequantized(inits: dict, name: str) -> np.ndarray:
    """``name``'s float values from ``name_quantized``, ``name_scale``, ``name_zero_point``."""
    q = inits[f"{name}_quantized"].astype(np.float32)
    scale, zero = inits[f"{name}_scale"], inits[f"{name}_zero_point"].astype(np.float32)
    return ((q - zero) * scale).astype(np.float32)  # per-channel scales broadcast over columns


def state_dict(onnx_path: Path) -> dict:
    """The reader's torch state dict, read back from its (int8 or fp32) ONNX export."""
    import onnx
    import torch
    from onnx import numpy_helper

    graph = onnx.load(str(onnx_path)).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    state = {}
    for name, value in inits.items():  # biases, LayerNorms: kept in float under their torch names
        if value.dtype == np.float32 and not name.endswith("_scale") and "." in name and "onnx::" not in name:
            state[name] = value
    for name in {n[: -len("_quantized")] for n in inits if n.endswith("_quantized")}:
        if not name.startswith("onnx::") and not name.endswith("_Transposed"):
            state[name] = _dequantized(inits, name)  # the embedding tables (Gather)
    # A Linear's weight goes to ONNX transposed, named after nothing but a counter; the node
    # that multiplies by it carries the module's path ("/encoder/encoder/layer.0/.../query/MatMul").
    for node in graph.node:
        if node.op_type not in ("MatMulInteger", "MatMul"):
            continue
        weight = node.input[1].removesuffix("_quantized")
        if weight not in inits and f"{weight}_quantized" not in inits:
            continue  # attention's own products (query x key) multiply activations
        path = next((m for m in map(_MODULE.match, (node.output[0], node.name)) if m), None)
        if path is None:
            raise ValueError(f"cannot tell which module {node.name or node.output[0]} belongs to")
        module = path.group(1).replace("/", ".")
        value = _dequantized(inits, weight) if f"{weight}_quantized" in inits else inits[weight]
        state[f"{module}.weight"] = value.T.copy()
    # A copy: some initializers are read-only views of the model file, which torch warns about.
    return {k: torch.from_numpy(np.array(v)) for k, v in state.items()}


def reader(onnx_path: Path):
    """A ReaderNet holding ``onnx_path``'s weights; a clear error if it lacks any of them."""
    from qa.reader.model import ReaderNet

    net = ReaderNet.from_base(default_model_path())
    missing, unexpected = net.load_state_dict(state_dict(onnx_path), strict=False)
    # position_ids is a buffer the export folds away; the base model's is the right one.
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise ValueError(f"{onnx_path} does not hold a whole reader: missing {missing}, unexpected {unexpected}")
    return net


def main(argv: list[str] | None = None) -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where the torch reader.pt goes")
    settings = ReaderSettings()
    parser.add_argument("--onnx", type=Path, default=settings.weights / settings.model_file)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    net = reader(args.onnx)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(net.state_dict(), args.out)
    log.info("read %s back into %s", args.onnx, args.out)


if __name__ == "__main__":
    main()
