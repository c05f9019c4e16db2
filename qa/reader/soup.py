"""Average readers fine-tuned from the same weights: ``python -m qa.reader.soup OUT IN [IN ...]``.

A uniform "model soup" (Wortsman et al., 2022): runs that started from the same weights (the
stage-1 reader: more SQuAD, the news questions) are averaged parameter by parameter, which often
reads like an ensemble of them at the cost of one model (same size, same latency). The soup of
all four was measured and not shipped (model card, "A soup of the four"). ``soup.json`` beside
``OUT`` records the ingredients' sha256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
from pathlib import Path

log = logging.getLogger("citeqa.reader.soup")


def average(states: list[dict]) -> dict:
    """The parameter-wise mean of state dicts of one architecture (integer buffers from the first)."""
    if not states:
        raise ValueError("a soup needs at least one model")
    keys = states[0].keys()
    for i, state in enumerate(states[1:], 1):
        if state.keys() != keys:
            raise ValueError(f"model {i} has other parameters than model 0: not the same architecture")
        for k in keys:
            if state[k].shape != states[0][k].shape:
                raise ValueError(
                    f"{k}: shape {tuple(state[k].shape)} in model {i}, {tuple(states[0][k].shape)} in model 0"
                )
    return {
        k: sum(s[k].float() for s in states) / len(states) if states[0][k].is_floating_point() else states[0][k]
        for k in keys
    }


def sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def main(argv: list[str] | None = None) -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where the averaged reader.pt goes")
    parser.add_argument("models", type=Path, nargs="+", help="reader.pt files of qa.reader.train runs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    states = []
    for path in args.models:
        state = torch.load(path, map_location="cpu", weights_only=True)
        states.append(state.get("model", state))
    soup = average(states)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(soup, args.out)
    record = {"out": sha256(args.out), "ingredients": {str(p): sha256(p) for p in args.models}}
    (args.out.parent / "soup.json").write_text(json.dumps(record, indent=2) + "\n")
    log.info("averaged %d models into %s", len(states), args.out)


if __name__ == "__main__":
    main()
