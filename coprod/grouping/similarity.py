"""Similarity between proposals: groups, nearest texts, the central text. No Django import.

Every function takes an optional `backend` (a name from `backends.BACKENDS`, or None for the
default: the Universal Sentence Encoder mixed with character TF-IDF, or TF-IDF alone when the
model package is missing). The texts of one call form a batch: the TF-IDF weights come from the
batch, and `group` also centres the batch on its mean, which removes what all its texts share
(the workshop's theme) and leaves what tells them apart.

Similarities are cosines in [-1, 1]; `group` cuts an average-linkage tree of cosine distances
(1 - cosine) of the centred batch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coprod.grouping import hierarchy
from coprod.grouping.backends import Backend, get_backend

# The batch mean is shrunk toward zero by n / (n + CENTRING_PRIOR) before it is subtracted: a
# batch of two texts would otherwise be centred into two opposite vectors, whatever they say.
# On workshop-sized batches (16–48 texts) the shrinkage changed the mean ARI by < 0.005.
CENTRING_PRIOR = 10
# Below this many texts the spread of the pairwise distances says nothing: fixed cut instead.
MIN_BATCH_FOR_SPREAD = 8
# TF-IDF n-grams found in more than this share of a batch go into the dense block: their part
# of the Gram matrix is a BLAS product instead of a sparse one (2× faster at 10,000 texts).
DENSE_NGRAM_SHARE = 0.05
# The TF-IDF's n-grams (scikit-learn's settings): character 3–5-grams within word boundaries,
# robust to inflections, typos and compound words; accents stripped, since phone keyboards
# often drop them.
NGRAMS = {"analyzer": "char_wb", "ngram_range": (3, 5), "strip_accents": "unicode"}
_BLOCK = hierarchy.BLOCK
_SAME = 1e-5


def preload(backend: str | Backend | None = None) -> None:
    """Start loading the backend's models in the background (e.g. when a server starts), so
    that the first grouping does not wait for them. Returns at once."""
    get_backend(backend).start_loading()


def embed(texts: Sequence[str], *, backend: str | Backend | None = None) -> np.ndarray:
    """The backend's sentence vectors: one L2-normalised float32 row per text, cached by text.

    These are the sentence-encoder blocks of the backend, concatenated with their weights (rows
    still of norm 1), without the batch-dependent TF-IDF block: vectors that can be stored and
    compared across calls. The `tfidf` backend has no sentence encoder and returns an (n, 0)
    array. Repeated texts are encoded once per process (see `backends.EmbeddingCache`).
    """
    backend = get_backend(backend)
    texts = list(texts)
    blocks = [math.sqrt(w) * encoder.encode(texts) for encoder, w in backend.encoders]
    if not blocks:
        return np.zeros((len(texts), 0), dtype=np.float32)
    total = sum(w for _, w in backend.encoders)
    return (np.hstack(blocks) / math.sqrt(total)).astype(np.float32)


def group(
    texts: Sequence[str],
    *,
    k: int | None = None,
    threshold: float | None = None,
    backend: str | Backend | None = None,
) -> list[int]:
    """One group label per text (0, 1, 2… in order of first appearance).

    Average-linkage clustering on cosine distances of the centred batch, cut into `k` groups,
    or where groups are more than `threshold` apart (a distance in [0, 2]: larger means coarser,
    fewer groups), or, with neither, at `default_threshold(texts)`. Identical texts always share
    a group, except with a `k` above the number of distinct texts: `k` gives exactly
    min(k, len(texts)) groups. Exact up to `hierarchy.SQUARE_LIMIT` texts (11,000); beyond, an
    approximation in bounded memory (see `hierarchy`).
    """
    if k is not None and threshold is not None:
        raise ValueError("give k or threshold, not both")
    if k is not None and k < 1:
        raise ValueError("k must be at least 1")
    texts = list(texts)
    if len(texts) <= 1:
        return [0] * len(texts)
    backend = get_backend(backend)
    batch = _Batch.build(texts, backend, centred=True)
    everyone = np.arange(batch.n)
    labels = hierarchy.cluster(
        batch.n,
        condensed=batch.condensed_distances,
        similarity_rows=lambda rows: batch.cosine(rows, everyone),
        k=k,
        threshold=threshold,
        default_cut=lambda mean, std: default_cut(mean, std, batch.n, backend),
    )
    return _first_appearance(labels)


def default_threshold(texts: Sequence[str], *, backend: str | Backend | None = None) -> float:
    """The cut `group(texts)` uses when given neither k nor threshold.

    It is the batch's mean pairwise distance plus `spread` standard deviations, kept within
    [low, high] (see `backends.Calibration`: all measured on real proposals). Add to it to make
    coarser groups, subtract to make finer ones.
    """
    texts = list(texts)
    backend = get_backend(backend)
    if len(texts) < MIN_BATCH_FOR_SPREAD:
        return backend.calibration.small_batch_cut
    batch = _Batch.build(texts, backend, centred=True)
    return default_cut(*batch.distance_moments(), batch.n, backend)


def nearest(
    query: str, candidates: Sequence[str], k: int = 3, *, backend: str | Backend | None = None
) -> list[tuple[int, float]]:
    """The `k` candidates most similar to `query`, best first: (index, cosine similarity).

    For "close proposals while typing" and for pre-selecting the closest priority item. The
    similarity is not centred, so it keeps one scale across calls: compare it with
    `off_topic_threshold()` to tell whether the query is close to any candidate at all. Ties
    keep the candidates' order.
    """
    candidates = list(candidates)
    if not candidates or k < 1:
        return []
    backend = get_backend(backend)
    batch = _Batch.build([query, *candidates], backend, centred=False)
    scores = batch.cosine(np.array([0]), np.arange(1, batch.n))[0]
    order = np.argsort(-scores, kind="stable")[:k]
    return [(int(i), float(scores[i])) for i in order]


def central_index(texts: Sequence[str], *, backend: str | Backend | None = None) -> int:
    """The index of the most central text: highest mean similarity to the others.

    The draft of a group's synthesis. Ties go to the earliest text.
    """
    texts = list(texts)
    if not texts:
        raise ValueError("central_index needs at least one text")
    if len(texts) <= 2:
        return 0
    backend = get_backend(backend)
    batch = _Batch.build(texts, backend, centred=False)
    everyone = np.arange(batch.n)
    totals = np.concatenate(
        [batch.cosine(rows, everyone).sum(axis=1) for rows in _blocks(everyone)]
    )
    return int(np.argmax(totals))


def off_topic_threshold(backend: str | Backend | None = None) -> float:
    """Similarity (as `nearest` returns it) below which a text is close to none of the items.

    Measured on the Citizens' Convention for Climate: each proposal against the objectives of
    its own theme (on topic) and of the other themes (off topic); the threshold flags at most
    10 % of on-topic proposals. See `backends.Calibration.off_topic` and bench/grouping.py.
    """
    return get_backend(backend).calibration.off_topic


def confidently_off_topic(best_score: float, backend: str | Backend | None = None) -> bool:
    """Whether a text whose best similarity to the items (as `nearest` returns it) is
    `best_score` is so far from all of them that « hors sujet ? » may be suggested to the
    facilitator. Stricter than `off_topic_threshold()`, which was wrong too often to show:
    see `backends.Calibration.off_topic_confident`."""
    return best_score < get_backend(backend).calibration.off_topic_confident


def is_off_topic(text: str, items: Sequence[str], *, backend: str | Backend | None = None) -> bool:
    """Whether `text` is close to none of `items` (e.g. the process's priority items)."""
    best = nearest(text, items, k=1, backend=backend)
    return bool(best) and best[0][1] < off_topic_threshold(backend)


def pairwise_similarity(
    texts: Sequence[str], *, centred: bool = False, backend: str | Backend | None = None
) -> np.ndarray:
    """The n × n cosine similarities of a batch (float32): uncentred as `nearest` sees them, or
    centred as `group` clusters them (`group` cuts average linkage on 1 - this matrix)."""
    texts = list(texts)
    backend = get_backend(backend)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    batch = _Batch.build(texts, backend, centred=centred)
    everyone = np.arange(batch.n)
    return np.vstack([batch.cosine(rows, everyone) for rows in _blocks(everyone)])


def groups_from_labels(labels: Sequence[int]) -> list[list[int]]:
    """The indices of each group, groups in label order: [0, 1, 0] → [[0, 2], [1]]."""
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(label, []).append(index)
    return [groups[label] for label in sorted(groups)]


@dataclass
class _Batch:
    """The mixed vectors of one batch, kept factorised: dense rows plus sparse rare n-grams.

    A text's vector is [√w·encoder rows | √w_tfidf·TF-IDF row]; it is never materialised with
    all its n-gram columns: cosines come from the blocks' Gram products, centring from the
    batch mean through `shift` (x·m) and `mean_sq` (m·m).
    """

    n: int
    dense: np.ndarray
    sparse: object  # scipy.sparse.csr_matrix of the rare n-grams, or None
    sparse_t: object
    alpha: float
    shift: np.ndarray
    mean_sq: float
    norms: np.ndarray

    @classmethod
    def build(cls, texts: list[str], backend: Backend, *, centred: bool) -> _Batch:
        n = len(texts)
        backend.start_loading()  # the first call of a process loads while sklearn imports
        tfidf = _tfidf(texts)
        dense_blocks = [math.sqrt(w) * encoder.encode(texts) for encoder, w in backend.encoders]
        sparse = None
        if tfidf is not None:
            tfidf = tfidf * np.float32(math.sqrt(backend.tfidf_weight))
            document_counts = np.bincount(tfidf.indices, minlength=tfidf.shape[1])
            common = document_counts > DENSE_NGRAM_SHARE * n
            if common.any():
                dense_blocks.append(tfidf[:, np.flatnonzero(common)].toarray())
            sparse = tfidf[:, np.flatnonzero(~common)].tocsr()
        dense = (
            np.hstack(dense_blocks).astype(np.float32, copy=False)
            if dense_blocks
            else np.zeros((n, 0), dtype=np.float32)
        )
        squares = np.einsum("ij,ij->i", dense, dense, dtype=np.float64)
        if sparse is not None:
            squares += np.asarray(sparse.multiply(sparse).sum(axis=1), dtype=np.float64).ravel()
        alpha = n / (n + CENTRING_PRIOR) if centred else 0.0
        dense_mean = dense.mean(axis=0, dtype=np.float64)
        shift = dense @ dense_mean.astype(np.float32)
        mean_sq = float(dense_mean @ dense_mean)
        if sparse is not None:
            sparse_mean = np.asarray(sparse.mean(axis=0), dtype=np.float64).ravel()
            shift = shift + sparse @ sparse_mean.astype(np.float32)
            mean_sq += float(sparse_mean @ sparse_mean)
        shift = np.asarray(shift, dtype=np.float64)
        norms_sq = squares - 2 * alpha * shift + alpha * alpha * mean_sq
        norms = np.sqrt(np.clip(norms_sq, 0.0, None))
        return cls(
            n=n,
            dense=dense,
            sparse=sparse,
            sparse_t=None if sparse is None else sparse.T.tocsr(),
            alpha=alpha,
            shift=shift,
            mean_sq=mean_sq,
            norms=norms,
        )

    def cosine(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Cosine similarities (float32) between the (centred) vectors of rows and cols."""
        gram = self.dense[rows] @ self.dense[cols].T
        if self.sparse is not None:
            gram += (self.sparse[rows] @ self.sparse_t[:, cols]).toarray()
        if self.alpha:
            a = self.alpha
            gram -= (a * self.shift[rows])[:, None].astype(np.float32)
            gram -= (a * self.shift[cols])[None, :].astype(np.float32)
            gram += np.float32(a * a * self.mean_sq)
        row_norms = self.norms[rows].astype(np.float32)
        col_norms = self.norms[cols].astype(np.float32)
        with np.errstate(divide="ignore", invalid="ignore"):
            gram /= row_norms[:, None]
            gram /= col_norms[None, :]
        # A text with no vector at all (empty, TF-IDF backend) is unlike everything.
        np.nan_to_num(gram, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
        # Identical texts come out at 1 - ε in float32: make them 1, so that they share a
        # group even at threshold 0.
        gram[gram > 1.0 - _SAME] = 1.0
        return np.clip(gram, -1.0, 1.0, out=gram)

    def condensed_distances(self, index: np.ndarray) -> np.ndarray:
        """scipy's condensed (upper-triangle, float64) cosine distances among `index`."""
        m = len(index)
        out = np.empty(m * (m - 1) // 2, dtype=np.float64)
        for start in range(0, m, _BLOCK):
            stop = min(start + _BLOCK, m)
            distances = 1.0 - self.cosine(index[start:stop], index[start:])
            for local, i in enumerate(range(start, stop)):
                begin = i * m - i * (i + 1) // 2
                out[begin : begin + m - i - 1] = distances[local, local + 1 :]
        return np.clip(out, 0.0, 2.0, out=out)

    def distance_moments(self) -> tuple[float, float]:
        """Mean and standard deviation of the distances over all pairs of distinct texts."""
        moments = hierarchy.Moments()
        everyone = np.arange(self.n)
        for rows in _blocks(everyone):
            block = np.clip(1.0 - self.cosine(rows, everyone), 0.0, 2.0)
            block[np.arange(len(rows)), rows] = 0.0
            moments.add(block)
        return moments.result(self.n)


def _tfidf(texts: list[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(**NGRAMS, dtype=np.float32)
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # no n-gram at all: every text empty or blank
        return None


def _blocks(index: np.ndarray):
    for start in range(0, len(index), _BLOCK):
        yield index[start : start + _BLOCK]


def default_cut(mean: float, std: float, n: int, backend: str | Backend | None = None) -> float:
    """The default cut of a batch of n texts whose pairwise distances have this mean and
    standard deviation (what `default_threshold` computes from the texts)."""
    c = get_backend(backend).calibration
    if n < MIN_BATCH_FOR_SPREAD:
        return c.small_batch_cut
    return float(min(max(mean + c.spread * std, c.low), c.high))


def _first_appearance(labels: np.ndarray) -> list[int]:
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in labels]
