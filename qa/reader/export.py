"""Trained weights -> the shipped ONNX reader: ``python -m qa.reader.export CHECKPOINT``.

Writes ``reader-fp32.onnx`` and ``reader-int8.onnx`` (dynamic int8, per-channel weights) into
a folder, checks the fp32 export against torch, and measures both on dev-v1.1 so the card can
say which ships: int8 if it costs <= 1 point of F1, else fp32.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import warnings
from pathlib import Path

from index.onnx_export import INPUTS, feeds
from index.settings import ReaderSettings, default_model_path
from qa.reader.inference import OUTPUTS

log = logging.getLogger("citeqa.reader.export")
OPSET = 17
MAX_INT8_F1_LOSS = 0.01


def export(checkpoint: Path, out: Path) -> tuple[Path, Path]:
    import torch
    from tokenizers import Tokenizer

    from qa.reader.model import ReaderNet

    out.mkdir(parents=True, exist_ok=True)
    base = default_model_path()
    net = ReaderNet.from_base(base)
    state = torch.load(checkpoint, weights_only=False)
    net.load_state_dict(state.get("model", state))
    net.eval()
    tokenizer = Tokenizer.from_file(str(Path(base) / "tokenizer.json"))
    tokenizer.no_padding()
    enc = tokenizer.encode_batch([("Who spoke?", "Peskov told reporters on Monday that the vote was different.")] * 2)
    sample = feeds(enc)
    fp32 = out / "reader-fp32.onnx"
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            net,
            tuple(torch.from_numpy(sample[k]) for k in INPUTS),
            str(fp32),
            dynamo=False,
            input_names=list(INPUTS),
            output_names=list(OUTPUTS),
            dynamic_axes={k: {0: "batch", 1: "tokens"} for k in INPUTS}
            | {
                "start_logits": {0: "batch", 1: "tokens"},
                "end_logits": {0: "batch", 1: "tokens"},
                "has_answer_logit": {0: "batch"},
            },
            opset_version=OPSET,
        )
        want = [t.numpy() for t in net(*(torch.from_numpy(sample[k]) for k in INPUTS))]
    import onnxruntime as ort

    got = ort.InferenceSession(str(fp32), providers=["CPUExecutionProvider"]).run(list(OUTPUTS), sample)
    diff = max(float(abs(a - b).max()) for a, b in zip(got, want))
    if diff > 1e-3:
        raise RuntimeError(f"the ONNX export differs from torch by {diff:.2g}")
    log.info("fp32 export matches torch to %.1g", diff)

    from onnxruntime.quantization import QuantType, quantize_dynamic

    int8 = out / "reader-int8.onnx"
    root = logging.getLogger()
    level, root.level = root.level, logging.WARNING  # the quantizer logs a line per tensor
    try:
        quantize_dynamic(fp32, int8, per_channel=True, weight_type=QuantType.QInt8)
    finally:
        root.setLevel(level)
    return fp32, int8


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint", type=Path, help="reader.pt or checkpoint.pt from qa.reader.train")
    parser.add_argument("--out", type=Path, default=Path("reader-export"))
    parser.add_argument("--dev-questions", type=int, default=2000, help="dev-v1.1 questions to compare fp32/int8 on")
    parser.add_argument("--install", action="store_true", help="copy the chosen model into qa/reader/weights")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    from qa.reader.evaluate import squad_scores

    fp32, int8 = export(args.checkpoint, args.out)
    scores = {}
    for path in (fp32, int8):
        settings = ReaderSettings(weights=path.parent, model_file=path.name)
        scores[path] = squad_scores(settings, "dev-v1.1", limit=args.dev_questions)
        log.info("%s: %s", path.name, scores[path])
    chosen = int8 if scores[fp32]["f1"] - scores[int8]["f1"] <= MAX_INT8_F1_LOSS else fp32
    log.info("ships: %s", chosen.name)
    if args.install:
        target = ReaderSettings().weights
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(chosen, target / ReaderSettings().model_file)
        log.info("installed %s as %s", chosen.name, target / ReaderSettings().model_file)


if __name__ == "__main__":
    main()
