"""Grouping quality and speed on real French citizen proposals: `python -m bench.grouping`.

Quality, in the workshop regime: for each data set, 60 seeded random samples of 4–6 human
categories × at most 8 proposals (categories with at least 2 proposals); Paris participatory
budget themes (`label`) and Citizens' Convention for Climate objectives (`objective`). Each
backend clusters the centred batch by average linkage (coprod.grouping.similarity); the cut is
the default rule `mean + spread × std` of the batch's distances, kept within [low, high], with
spread, low and high chosen on the *other* set (leave one set out). Printed per set and backend:
mean adjusted Rand index, mean V-measure, nearest-neighbour precision@3 (the 3 most similar
other texts of the sample, as `nearest` ranks them). Also: the ARI of the constants shipped in
coprod/grouping/backends.py, and the off-topic threshold measured on the Convention's objectives.

Speed, in fresh processes: first grouping (imports + model load + 50 texts), then 1,000 and
10,000 distinct texts once the model is loaded (empty embedding cache), with each process's peak
memory (ru_maxrss).

    .venv/bin/python -m bench.grouping                      # everything
    .venv/bin/python -m bench.grouping --parts quality --backends tfidf,use_tfidf
    .venv/bin/python -m bench.grouping --calibrate          # print constants for backends.py
    .venv/bin/python -m bench.grouping --data DIR           # CSVs elsewhere

The data (../shared/data/proposals/ beside the repository) is for evaluation only; without it
the command says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "data" / "proposals"
SETS = {
    "paris": ("paris_bp_laureats.csv", "label"),
    "ccc": ("ccc_convention_climat.csv", "objective"),
}
TARGET_ARI = 0.32
SPREADS = np.round(np.arange(-1.5, 1.0001, 0.05), 2)
CUTS = np.round(np.arange(0.5, 1.5001, 0.01), 2)
OFF_TOPIC_FLAGGED_ON_TOPIC = 0.10
# The confident verdict, the only one shown (to the facilitator): far fewer wrong flags.
OFF_TOPIC_CONFIDENT_FLAGGED_ON_TOPIC = 0.03


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def read_set(data: Path, name: str) -> tuple[list[str], list[str], list[dict]]:
    filename, key = SETS[name]
    with (data / filename).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["text"] for r in rows], [r[key] for r in rows], rows


def workshop_samples(labels: list[str], count: int, seed: int) -> list[list[int]]:
    """`count` samples of 4–6 categories × at most 8 texts (indices), reproducible by seed."""
    by_label: dict[str, list[int]] = {}
    for index, label in enumerate(labels):
        by_label.setdefault(label, []).append(index)
    eligible = sorted(label for label, members in by_label.items() if len(members) >= 2)
    rng = np.random.default_rng(seed)
    samples = []
    for _ in range(count):
        chosen = rng.choice(eligible, int(rng.integers(4, 7)), replace=False)
        sample: list[int] = []
        for label in chosen:
            members = by_label[label]
            sample += [int(i) for i in rng.choice(members, min(8, len(members)), replace=False)]
        samples.append(sample)
    return samples


class Scored:
    """One sample under one backend: its tree, distance moments, labels and precision@3."""

    def __init__(self, texts: list[str], truth: list[str], backend: str):
        from scipy.cluster.hierarchy import linkage
        from scipy.spatial.distance import squareform

        from coprod.grouping import similarity

        centred = similarity.pairwise_similarity(texts, centred=True, backend=backend)
        distances = np.clip(1.0 - centred.astype(np.float64), 0.0, 2.0)
        np.fill_diagonal(distances, 0.0)
        self.condensed = squareform(distances, checks=False)
        self.tree = linkage(self.condensed, method="average")
        self.mean, self.std = float(self.condensed.mean()), float(self.condensed.std())
        self.truth = truth
        self.texts = texts
        self._ari: dict[float, float] = {}
        plain = similarity.pairwise_similarity(texts, backend=backend)
        np.fill_diagonal(plain, -np.inf)
        top = np.argsort(-plain, axis=1, kind="stable")[:, :3]
        same = np.array(truth)[top] == np.array(truth)[:, None]
        self.precision3 = float(same.mean())

    def labels_at(self, cut: float) -> np.ndarray:
        from scipy.cluster.hierarchy import fcluster

        return fcluster(self.tree, cut, criterion="distance")

    def ari(self, cut: float) -> float:
        from sklearn.metrics import adjusted_rand_score

        key = round(cut, 9)
        if key not in self._ari:
            self._ari[key] = adjusted_rand_score(self.truth, self.labels_at(cut))
        return self._ari[key]

    def v_measure(self, cut: float) -> float:
        from sklearn.metrics import v_measure_score

        return v_measure_score(self.truth, self.labels_at(cut))


def relative_cut(s: Scored, spread: float, low: float, high: float) -> float:
    return min(max(s.mean + spread * s.std, low), high)


def fit_rule(samples: list[Scored]) -> dict:
    """The default-cut constants that maximise the mean ARI over `samples`."""
    cuts = np.array([[s.mean + t * s.std for t in SPREADS] for s in samples])
    aris = np.array([[s.ari(c) for c in row] for s, row in zip(samples, cuts, strict=True)])
    best = int(np.argmax(aris.mean(axis=0)))
    spread = float(SPREADS[best])
    chosen = cuts[:, best]
    low = math.floor(np.percentile(chosen, 1) * 100) / 100
    high = math.ceil(np.percentile(chosen, 99) * 100) / 100
    fixed = np.array([[s.ari(c) for c in CUTS] for s in samples]).mean(axis=0)
    return {
        "spread": spread,
        "low": low,
        "high": high,
        "small_batch_cut": float(CUTS[int(np.argmax(fixed))]),
    }


def quality(data: Path, backends: list[str], count: int, seed: int, calibrate: bool) -> dict:
    from coprod.grouping.backends import get_backend

    sets = {name: read_set(data, name) for name in SETS}
    samples = {name: workshop_samples(labels, count, seed) for name, (_, labels, _) in sets.items()}
    results: dict = {}
    for backend in backends:
        log(f"quality: {backend} …")
        scored = {
            name: [
                Scored([texts[i] for i in sample], [labels[i] for i in sample], backend)
                for sample in samples[name]
            ]
            for name, (texts, labels, _) in sets.items()
        }
        shipped = get_backend(backend).calibration
        rules = {name: fit_rule(scored[name]) for name in SETS}
        per_set = {}
        for name in SETS:
            other = rules[next(o for o in SETS if o != name)]
            cuts = [
                relative_cut(s, other["spread"], other["low"], other["high"]) for s in scored[name]
            ]
            shipped_cuts = [
                relative_cut(s, shipped.spread, shipped.low, shipped.high) for s in scored[name]
            ]
            per_set[name] = {
                "ari": statistics.fmean(s.ari(c) for s, c in zip(scored[name], cuts, strict=True)),
                "v_measure": statistics.fmean(
                    s.v_measure(c) for s, c in zip(scored[name], cuts, strict=True)
                ),
                "precision_at_3": statistics.fmean(s.precision3 for s in scored[name]),
                "shipped_ari": statistics.fmean(
                    s.ari(c) for s, c in zip(scored[name], shipped_cuts, strict=True)
                ),
                "rule_from_other_set": other,
            }
        results[backend] = {"sets": per_set, "same_as_group": same_as_group(scored, backend)}
        if calibrate:
            rule = fit_rule(scored["paris"] + scored["ccc"])
            rule["off_topic"] = off_topic(data, backend)["threshold"]
            rule["off_topic_confident"] = off_topic(data, backend)["confident"]
            results[backend]["calibration"] = rule
    return results


def same_as_group(scored: dict[str, list[Scored]], backend: str) -> str:
    """Check that this bench cuts the tree as `group()` does: shipped constants, same labels."""
    from sklearn.metrics import adjusted_rand_score

    from coprod.grouping import similarity
    from coprod.grouping.backends import get_backend

    c = get_backend(backend).calibration
    samples = [s for name in SETS for s in scored[name]]
    same = sum(
        adjusted_rand_score(
            s.labels_at(relative_cut(s, c.spread, c.low, c.high)),
            similarity.group(s.texts, backend=backend),
        )
        == 1.0
        for s in samples
    )
    return f"{same}/{len(samples)}"


@functools.cache
def off_topic(data: Path, backend: str) -> dict:
    """Max similarity of each Convention proposal to one theme's objectives, own theme vs not."""
    from coprod.grouping import similarity

    texts, _, rows = read_set(data, "ccc")
    objectives = {r["objective"]: (r["label"], r["objective_label"]) for r in rows}
    on, off = [], []
    for theme in sorted({r["label"] for r in rows}):
        items = [title for _, (label, title) in sorted(objectives.items()) if label == theme]
        for text, row in zip(texts, rows, strict=True):
            best = similarity.nearest(text, items, k=1, backend=backend)[0][1]
            (on if row["label"] == theme else off).append(best)
    threshold = math.floor(np.percentile(on, 100 * OFF_TOPIC_FLAGGED_ON_TOPIC) * 100) / 100
    confident = (
        math.floor(np.percentile(on, 100 * OFF_TOPIC_CONFIDENT_FLAGGED_ON_TOPIC) * 100) / 100
    )
    return {
        "threshold": threshold,
        "on_topic_flagged": float(np.mean(np.array(on) < threshold)),
        "off_topic_caught": float(np.mean(np.array(off) < threshold)),
        "confident": confident,
        "confident_on_topic_flagged": float(np.mean(np.array(on) < confident)),
        "confident_off_topic_caught": float(np.mean(np.array(off) < confident)),
        "auc": _auc(on, off),
    }


def _auc(positives: list[float], negatives: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(
        roc_auc_score([1] * len(positives) + [0] * len(negatives), [*positives, *negatives])
    )


FIRST_GROUPING = """
import json, resource, sys, time
from coprod.grouping import similarity
labels = similarity.group(json.loads(sys.stdin.read()))
print(json.dumps({"done_at": time.time(),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

LOADED_GROUPING = """
import json, resource, sys, time
from coprod.grouping import similarity
from coprod.grouping.backends import get_backend
texts = json.loads(sys.stdin.read())
similarity.group(texts[:50])
out = {}
for n in (1000, 10000):
    for encoder, _ in get_backend().encoders:
        encoder.cache.clear()
    start = time.perf_counter()
    labels = similarity.group(texts[:n])
    out[n] = {"seconds": time.perf_counter() - start, "groups": len(set(labels))}
out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def speed_texts(data: Path, n: int, seed: int) -> list[str]:
    """n distinct texts drawn with replacement from both sets; a repeat gets a number added."""
    pool = read_set(data, "paris")[0] + read_set(data, "ccc")[0]
    rng = np.random.default_rng(seed)
    seen: Counter[str] = Counter()
    texts = []
    for i in rng.choice(len(pool), n):
        seen[pool[i]] += 1
        texts.append(pool[i] if seen[pool[i]] == 1 else f"{pool[i]} ({seen[pool[i]]})")
    return texts


def run_child(code: str, payload: list[str]) -> dict:
    """Run `code` in a fresh interpreter; "seconds" runs from the spawn to the child's "done_at"
    (so the interpreter's start counts, its exit does not)."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    result = json.loads(done.stdout)
    if "done_at" in result:
        result["seconds"] = result["done_at"] - started
    return result


def speed(data: Path, seed: int, repeats: int) -> dict:
    texts = speed_texts(data, 10_000, seed)
    firsts = []
    for attempt in range(repeats):
        log(f"speed: first grouping in a fresh process ({attempt + 1}/{repeats}) …")
        firsts.append(run_child(FIRST_GROUPING, texts[:50]))
    log("speed: 1,000 and 10,000 texts once loaded …")
    loaded = run_child(LOADED_GROUPING, texts)
    return {
        "first_seconds": statistics.median(f["seconds"] for f in firsts),
        "first_seconds_all": [round(f["seconds"], 2) for f in firsts],
        "first_peak_mib": max(f["peak_mib"] for f in firsts),
        "n1000_seconds": loaded["1000"]["seconds"],
        "n10000_seconds": loaded["10000"]["seconds"],
        "n10000_groups": loaded["10000"]["groups"],
        "loaded_peak_mib": loaded["peak_mib"],
        "load_average": os.getloadavg(),
    }


def print_quality(results: dict) -> None:
    from coprod.grouping.backends import DEFAULT

    print("\nGrouping quality, workshop regime (leave-one-set-out cut)")
    header = f"{'backend':<10} {'set':<6} {'ARI':>6} {'V-meas':>7} {'P@3':>6} {'shipped ARI':>12}"
    print(header)
    print("-" * len(header))
    for backend, result in results.items():
        sets = result["sets"]
        for name, r in sets.items():
            print(
                f"{backend:<10} {name:<6} {r['ari']:6.3f} {r['v_measure']:7.3f} "
                f"{r['precision_at_3']:6.3f} {r['shipped_ari']:12.3f}"
            )
        mean = statistics.fmean(r["ari"] for r in sets.values())
        verdict = ""
        if backend == DEFAULT:
            verdict = "  PASS" if mean >= TARGET_ARI else "  MISS"
            verdict += f" (target ≥ {TARGET_ARI})"
        print(f"{backend:<10} {'mean':<6} {mean:6.3f}{verdict}")
        for name, r in sets.items():
            rule = r["rule_from_other_set"]
            print(
                f"{'':<10} cut for {name} chosen on the other set: mean {rule['spread']:+.2f} × std, "
                f"within [{rule['low']:.2f}, {rule['high']:.2f}]"
            )
        print(f"{'':<10} group() gives the bench's labels on {result['same_as_group']} samples")
        if "calibration" in result:
            c = result["calibration"]
            print(
                f"{'':<10} calibration on both sets: Calibration(spread={c['spread']}, "
                f"low={c['low']}, high={c['high']}, small_batch_cut={c['small_batch_cut']}, "
                f"off_topic={c['off_topic']}, off_topic_confident={c['off_topic_confident']})"
            )


def print_speed(s: dict) -> None:
    def row(name: str, value: float, unit: str, target: float) -> None:
        verdict = "PASS" if value <= target else "MISS"
        print(f"{name:<44} {value:9.2f} {unit:<4} ≤ {target:<6g} {verdict}")

    print("\nGrouping speed (default backend, fresh processes)")
    row("first grouping in a new process (50 texts)", s["first_seconds"], "s", 3)
    print(f"{'':<44} runs: {s['first_seconds_all']} (median above)")
    row("1,000 distinct texts, model loaded", s["n1000_seconds"], "s", 2)
    row("10,000 distinct texts, model loaded", s["n10000_seconds"], "s", 30)
    row("peak memory, first grouping", s["first_peak_mib"], "MiB", 1024)
    row("peak memory, 50 + 1,000 + 10,000 texts", s["loaded_peak_mib"], "MiB", 1024)
    load = ", ".join(f"{x:.1f}" for x in s["load_average"])
    print(f"(10,000 texts → {s['n10000_groups']} groups; load average during the run: {load})")


def print_off_topic(data: Path, backends: list[str]) -> None:
    from coprod.grouping.backends import get_backend
    from coprod.grouping.similarity import off_topic_threshold

    print("\nOff-topic threshold (Convention proposals vs one theme's objectives)")
    for backend in backends:
        r = off_topic(data, backend)
        print(
            f"{backend:<10} measured {r['threshold']:.2f} (shipped {off_topic_threshold(backend):.2f}): "
            f"flags {r['on_topic_flagged']:.0%} of on-topic, {r['off_topic_caught']:.0%} of "
            f"off-topic proposals; AUC {r['auc']:.3f}"
        )
        shipped = get_backend(backend).calibration.off_topic_confident
        print(
            f"{'':<10} confident {r['confident']:.2f} (shipped {shipped:.2f}): flags "
            f"{r['confident_on_topic_flagged']:.0%} of on-topic, "
            f"{r['confident_off_topic_caught']:.0%} of off-topic proposals"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.grouping", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the CSVs")
    parser.add_argument(
        "--parts", default="quality,offtopic,speed", help="any of these, comma-separated"
    )
    parser.add_argument(
        "--backends", default=None, help="default: tfidf,use_tfidf and e5 if it loads"
    )
    parser.add_argument("--samples", type=int, default=60, help="samples per set")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--repeats", type=int, default=3, help="fresh processes for the first grouping"
    )
    parser.add_argument("--calibrate", action="store_true", help="print constants for backends.py")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    if not all((data / filename).is_file() for filename, _ in SETS.values()):
        print(
            f"No proposal data in {data} (expected {', '.join(f for f, _ in SETS.values())}): "
            "nothing to measure. Pass --data DIR."
        )
        return 0
    sys.path.insert(0, str(REPO))
    backends = args.backends.split(",") if args.backends else available_backends()
    parts = set(args.parts.split(","))
    report: dict = {"backends": backends}
    if "quality" in parts:
        report["quality"] = quality(data, backends, args.samples, args.seed, args.calibrate)
        print_quality(report["quality"])
    if "offtopic" in parts:
        print_off_topic(data, backends)
    if "speed" in parts:
        report["speed"] = speed(data, args.seed, args.repeats)
        print_speed(report["speed"])
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=float), encoding="utf-8")
    return 0


def available_backends() -> list[str]:
    from coprod.grouping.backends import BACKENDS, BackendUnavailable

    names = []
    for name, backend in BACKENDS.items():
        try:
            backend.load()
        except BackendUnavailable as error:
            log(f"backend {name} unavailable: {error}")
        else:
            names.append(name)
    return names


if __name__ == "__main__":
    sys.exit(main())
