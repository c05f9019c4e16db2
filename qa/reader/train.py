"""Train the reader on SQuAD: ``python -m qa.reader.train [--squad DIR] [--out DIR]``.

One pass over a fixed-seed sample (qa/reader/data.py says which examples), AdamW with linear
warm-up and decay, bf16 autocast on CPUs that have it. Checkpoints every few hundred steps;
rerunning the same command resumes from the last one. Never run by tests or CI.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from pathlib import Path

import numpy as np
import torch

from index.settings import ReaderSettings, default_model_path
from qa.reader import data
from qa.reader.model import ReaderNet, loss
from qa.reader.windows import encode, label

log = logging.getLogger("citeqa.reader.train")


def build_windows(settings: ReaderSettings, tokenizer) -> dict[str, np.ndarray]:
    """The training windows and their labels, shuffled."""
    rng = random.Random(settings.seed)
    train = data.read_squad(settings.squad / "train-v1.1.json.gz")
    v2 = data.v2_split(data.read_squad(settings.squad / "dev-v2.0.json.gz"), "train")
    positives = data.examples(train)
    rng.shuffle(positives)
    first = settings.train_positive_offset
    positives = positives[first : first + settings.train_positives]
    if first:  # a later stage mines other negatives too (the first stage's draw stays as it was)
        rng.seed(settings.seed + first)
    v2_examples = data.examples(v2)
    negatives = data.same_article_negatives(train, rng, settings.train_same_article_negatives)
    pairs = positives + v2_examples + negatives
    log.info(
        "%d SQuAD v1.1 questions, %d dev-v2.0 (train part, %d unanswerable), %d same-article negatives",
        len(positives),
        len(v2_examples),
        sum(not e.answers for e in v2_examples),
        len(negatives),
    )
    if settings.train_news:
        news = data.news_articles(settings.train_news)
        news_positives = data.examples(news)
        news_negatives = data.same_article_negatives(news, rng, len(news_positives))
        others = data.other_article_negatives(news, len(news_positives)) if settings.train_news_other_negatives else []
        pairs += news_positives * settings.train_news_repeat + news_negatives + others
        log.info(
            "%d news questions (x%d), %d news same-article negatives, %d other-article negatives",
            len(news_positives),
            settings.train_news_repeat,
            len(news_negatives),
            len(others),
        )
    rows = {k: [] for k in ("input_ids", "attention_mask", "token_type_ids", "start", "end", "answerable")}
    for lo in range(0, len(pairs), 2000):
        chunk = pairs[lo : lo + 2000]
        win = encode(
            tokenizer,
            [e.question for e in chunk],
            [e.context for e in chunk],
            settings.train_max_length,
            settings.train_stride,
        )
        by_pair: dict[int, list[int]] = {}
        for w, p in enumerate(win.pair):
            by_pair.setdefault(int(p), []).append(w)
        for p, ws in by_pair.items():
            example = chunk[p]
            picked = []
            if example.answers:
                start_char, text = example.answers[0]
                labels = [label(win.offsets[w], start_char, start_char + len(text)) for w in ws]
                holding = [(w, lab) for w, lab in zip(ws, labels) if lab != (0, 0)]
                if holding:
                    picked.append(rng.choice(holding))
                picked += [
                    (w, (0, 0))
                    for w, lab in zip(ws, labels)
                    if lab == (0, 0) and rng.random() < settings.train_in_paragraph_negative_rate
                ]
            else:
                picked.append((rng.choice(ws), (0, 0)))
            for w, (s, e) in picked:
                for key in ("input_ids", "attention_mask", "token_type_ids"):
                    row = np.zeros(settings.train_max_length, np.int64)
                    values = getattr(win, key)[w]
                    row[: len(values)] = values
                    rows[key].append(row)
                rows["start"].append(s)
                rows["end"].append(e)
                rows["answerable"].append(int(s > 0))
    order = np.random.default_rng(settings.seed).permutation(len(rows["start"]))
    return {k: np.asarray(v)[order] for k, v in rows.items()}


def train(
    settings: ReaderSettings,
    out: Path,
    limit_steps: int | None = None,
    total_steps: int | None = None,
    init: Path | None = None,
) -> Path:
    from transformers import AutoTokenizer

    torch.manual_seed(settings.seed)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    out.mkdir(parents=True, exist_ok=True)
    base = default_model_path()
    tokenizer = AutoTokenizer.from_pretrained(base)
    windows = build_windows(settings, tokenizer)
    n = len(windows["start"])
    log.info("%d windows, %.0f%% with an answer", n, 100 * windows["answerable"].mean())

    model = ReaderNet.from_base(base)
    if init is not None:  # a later stage goes on from an earlier stage's weights
        model.load_state_dict(torch.load(init, weights_only=True))
        log.info("starting from %s", init)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for k, p in model.named_parameters() if not k.endswith(no_decay)], "weight_decay": 0.01},
        {"params": [p for k, p in model.named_parameters() if k.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=settings.learning_rate)
    steps = (n + settings.batch_size - 1) // settings.batch_size
    # The learning rate decays to 0 at the last step; fewer steps read only the first batches.
    steps = min(steps, total_steps or steps)
    warm = max(1, int(settings.warmup * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    checkpoint = out / "checkpoint.pt"
    step = 0
    if checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        step = state["step"]
        log.info("resumed at step %d of %d", step, steps)
    bf16 = torch.cpu._is_avx512_bf16_supported() if hasattr(torch.cpu, "_is_avx512_bf16_supported") else False
    log.info("%d steps of %d windows; bf16 autocast: %s", steps, settings.batch_size, bf16)
    model.train()
    began, done = time.time(), 0
    last = steps if limit_steps is None else min(steps, step + limit_steps)
    while step < last:
        lo = step * settings.batch_size
        batch = {k: torch.from_numpy(v[lo : lo + settings.batch_size]) for k, v in windows.items()}
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            outputs = model(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
        value = loss(outputs, batch["start"], batch["end"], batch["answerable"])
        value.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        done += len(batch["start"])
        if step % 25 == 0 or step == last:
            rate = done / (time.time() - began)
            log.info(
                "step %d/%d loss %.3f lr %.2e %.1f windows/s eta %.0f min",
                step,
                steps,
                value.item(),
                schedule.get_last_lr()[0],
                rate,
                (steps - step) * settings.batch_size / rate / 60,
            )
        if step % 300 == 0 or step == last:
            tmp = checkpoint.with_suffix(".tmp")
            torch.save(
                {
                    "model": model.state_dict(),
                    "optimizer": optimizer.state_dict(),
                    "schedule": schedule.state_dict(),
                    "step": step,
                },
                tmp,
            )
            tmp.replace(checkpoint)
    final = out / "reader.pt"
    if step == steps:
        torch.save(model.state_dict(), final)
        record = {k: str(v) for k, v in vars(settings).items()} | {
            "windows": n,
            "windows_read": min(n, steps * settings.batch_size),
            "steps": steps,
            "bf16": bf16,
            "init": str(init) if init else None,
        }
        (out / "training.json").write_text(json.dumps(record, indent=2))
        log.info("done: %s", final)
    return final


def main(argv: list[str] | None = None) -> None:
    defaults = ReaderSettings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squad", type=Path, default=defaults.squad, help="folder with SQuAD's .json.gz files")
    parser.add_argument("--out", type=Path, default=Path("reader-train"), help="checkpoints and the trained weights")
    parser.add_argument("--positives", type=int, default=defaults.train_positives)
    parser.add_argument(
        "--skip",
        type=int,
        default=defaults.train_positive_offset,
        help="start this far into the seeded shuffle of SQuAD questions (a later stage)",
    )
    parser.add_argument(
        "--init", type=Path, default=None, help="start from these weights (an earlier stage's reader.pt)"
    )
    parser.add_argument("--learning-rate", type=float, default=defaults.learning_rate)
    parser.add_argument(
        "--negatives", type=int, default=defaults.train_same_article_negatives, help="SQuAD same-article negatives"
    )
    parser.add_argument("--news", type=Path, default=None, help="news questions from python -m qa.reader.newsqa")
    parser.add_argument("--news-repeat", type=int, default=defaults.train_news_repeat)
    parser.add_argument(
        "--no-other-negatives",
        dest="other_negatives",
        action="store_false",
        help="no news questions against another article's passage",
    )
    parser.add_argument("--limit-steps", type=int, default=None, help="stop after this many steps (a smoke run)")
    parser.add_argument(
        "--steps", type=int, default=None, help="train for this many batches in all (default: every window once)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    settings = ReaderSettings(
        squad=args.squad,
        train_positives=args.positives,
        train_positive_offset=args.skip,
        learning_rate=args.learning_rate,
        train_same_article_negatives=args.negatives,
        train_news=args.news,
        train_news_repeat=args.news_repeat,
        train_news_other_negatives=args.other_negatives,
    )
    train(settings, args.out, args.limit_steps, args.steps, args.init)


if __name__ == "__main__":
    main()
