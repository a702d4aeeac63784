"""How well each proposal sits in its group, and a group cut in two. No Django import.

Both use the similarity that formed the groups (`similarity.group`): cosines of the centred
batch of the workshop's grouped proposals, average linkage. A proposal's fit is its mean
similarity to the other proposals of its group, the very criterion average linkage merged on;
it is called far when its mean distance to them is above the batch's default cut (it would not
have joined the group by itself), very close when it is at least one standard deviation of the
batch's distances under it. A proposal on average closer to another group says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coprod.grouping import placing, similarity
from coprod.grouping.backends import Backend, get_backend

ALONE, FAR, CLOSE, VERY_CLOSE = "alone", "far", "close", "very_close"


@dataclass(frozen=True)
class Fit:
    """level: ALONE, FAR, CLOSE or VERY_CLOSE; similarity: mean centred cosine to the other
    members (None when alone); closer_group: the index of a group it is closer to on average,
    or None."""

    level: str
    similarity: float | None = None
    closer_group: int | None = None

    @property
    def weak(self) -> bool:
        return self.level == FAR or self.closer_group is not None


def member_fits(
    groups: Sequence[Sequence[str]], *, backend: str | Backend | None = None
) -> list[list[Fit]]:
    """For each group (its texts), each text's Fit, in the same order."""
    sizes = [len(texts) for texts in groups]
    texts = [text for group in groups for text in group]
    if len(texts) < 2:
        return [[Fit(ALONE) for _ in group] for group in groups]
    backend = get_backend(backend)
    matrix = centred_cosines(texts, backend)
    n = len(texts)
    off_diagonal = np.clip(1.0 - matrix[~np.eye(n, dtype=bool)], 0.0, 2.0)
    mean, std = float(off_diagonal.mean()), float(off_diagonal.std())
    cut = similarity.default_cut(mean, std, n, backend)
    owner = np.repeat(np.arange(len(groups)), sizes)
    # Sum of each text's similarities to each group's members, itself left out.
    np.fill_diagonal(matrix, 0.0)
    totals = np.zeros((n, len(groups)))
    np.add.at(totals.T, owner, matrix)
    fits: list[list[Fit]] = [[] for _ in groups]
    for i, g in enumerate(owner):
        if sizes[g] == 1:
            fits[g].append(Fit(ALONE, closer_group=None))
            continue
        others = np.array(sizes) - (np.arange(len(groups)) == g)
        means = np.full(len(groups), -np.inf)
        np.divide(totals[i], others, out=means, where=others > 0)
        own = float(means[g])
        means[g] = -np.inf
        best = int(np.argmax(means)) if len(groups) > 1 else None
        closer = best if best is not None and means[best] > own else None
        distance = 1.0 - own
        level = FAR if distance > cut else VERY_CLOSE if distance <= cut - std else CLOSE
        fits[g].append(Fit(level, own, closer))
    return fits


def centred_cosines(texts: list[str], backend: Backend) -> np.ndarray:
    """The n × n cosines of the centred batch, as `similarity.pairwise_similarity(centred=True)`
    computes them, from the vectors `placing` keeps by text (a console redrawn after each
    change analyses no text again)."""
    dense, tfidf = placing.batch_vectors(texts, backend=backend)
    gram = (dense @ dense.T).astype(np.float64) + (tfidf @ tfidf.T).toarray()
    n = len(texts)
    alpha = n / (n + similarity.CENTRING_PRIOR)
    shift = gram.mean(axis=1)
    gram = gram - alpha * shift[:, None] - alpha * shift[None, :] + alpha * alpha * gram.mean()
    norms = np.sqrt(np.clip(np.diag(gram), 0.0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        cosines = gram / norms[:, None] / norms[None, :]
    np.nan_to_num(cosines, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
    return np.clip(cosines, -1.0, 1.0)


def split_in_two(texts: Sequence[str], *, backend: str | Backend | None = None) -> list[int]:
    """0 or 1 per text: the group cut in two by average linkage, as `similarity.group` cuts a
    batch (the group's own texts centred on their mean); the first text is in part 0."""
    texts = list(texts)
    if len(texts) < 2:
        raise ValueError("a group of fewer than two texts does not split")
    return similarity.group(texts, k=2, backend=backend)


def closest_pair(groups: Sequence[Sequence[str]], *, backend: str | Backend | None = None):
    """The two groups (indices, smaller first) whose proposals are the most similar on average:
    the next merge average linkage would make over these groups as they stand."""
    sizes = np.array([len(texts) for texts in groups])
    if (sizes > 0).sum() < 2:
        raise ValueError("closest_pair needs two non-empty groups")
    texts = [text for group in groups for text in group]
    matrix = centred_cosines(texts, get_backend(backend))
    owner = np.repeat(np.arange(len(groups)), sizes)
    members = np.zeros((len(groups), len(texts)))
    members[owner, np.arange(len(texts))] = 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (members @ matrix @ members.T) / np.outer(sizes, sizes)
    between[~np.isfinite(between)] = -np.inf
    np.fill_diagonal(between, -np.inf)
    i, j = np.unravel_index(int(np.argmax(between)), between.shape)
    return (int(min(i, j)), int(max(i, j)))


def least_cohesive(groups: Sequence[Sequence[str]], *, backend: str | Backend | None = None):
    """The group of two proposals or more whose proposals are the least similar on average
    (the first one it splits, for « Plus de groupes »), or None when none has two."""
    candidates = [g for g, texts in enumerate(groups) if len(texts) >= 2]
    if not candidates:
        return None
    fits = member_fits(groups, backend=backend)
    return min(candidates, key=lambda g: (np.mean([f.similarity for f in fits[g]]), g))
