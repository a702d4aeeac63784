"""Average-linkage clustering of a batch, exact up to `SQUARE_LIMIT` texts. No Django import.

- Up to `EXACT_LIMIT` texts: SciPy's average linkage. It takes the condensed distance matrix
  in float64 and copies it, ~8 bytes × n² in all (200 MB at 5,000 texts, 800 MB at 10,000).
- Up to `SQUARE_LIMIT` texts: the same average linkage (`weighted_average_linkage`, checked
  against SciPy in tests/test_hierarchy.py), run in place on one float32 square matrix: 4 bytes
  × n², 400 MB at 10,000 texts.
- Beyond: two stages, in bounded memory but approximate. Chunks of at most `EXACT_LIMIT` texts
  are clustered exactly and cut into their share of `SQUARE_LIMIT` micro-groups; the
  micro-groups are then clustered by average linkage from their exact mean pairwise distance,
  each weighted by its number of texts. Merges forced inside a chunk may differ from the exact
  tree's, and a batch that large gets at most `SQUARE_LIMIT` groups.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

EXACT_LIMIT = 5_000
SQUARE_LIMIT = 11_000
BLOCK = 512


def cluster(
    n: int,
    *,
    condensed: Callable[[np.ndarray], np.ndarray],
    similarity_rows: Callable[[np.ndarray], np.ndarray],
    k: int | None,
    threshold: float | None,
    default_cut: Callable[[float, float], float],
) -> np.ndarray:
    """Average-linkage labels for n texts, cut into k groups or at a distance.

    condensed(index): SciPy's condensed distances among the texts `index`;
    similarity_rows(rows): cosine similarities of `rows` to all n texts (distance = 1 - it);
    default_cut(mean, std): the cut when neither k nor threshold is given, from the mean and
    standard deviation of the distances over all pairs of distinct texts.
    """
    if n <= 1:
        return np.zeros(n, dtype=np.int64)
    if n <= EXACT_LIMIT:
        distances = condensed(np.arange(n))
        if k is None and threshold is None:
            threshold = default_cut(float(distances.mean()), float(distances.std()))
        return cut(distances, k=k, threshold=threshold)
    if n > SQUARE_LIMIT:
        return two_stage(
            n,
            condensed=condensed,
            similarity_rows=similarity_rows,
            k=k,
            threshold=threshold,
            default_cut=default_cut,
        )
    square = np.empty((n, n), dtype=np.float32)
    moments = Moments()
    for rows in _blocks(n):
        block = np.subtract(1.0, similarity_rows(rows), dtype=np.float32)
        np.clip(block, 0.0, 2.0, out=block)
        block[np.arange(len(rows)), rows] = 0.0
        moments.add(block)
        square[rows] = block
    if k is None and threshold is None:
        threshold = default_cut(*moments.result(n))
    return cut_linkage(weighted_average_linkage(square, np.ones(n)), k=k, threshold=threshold)


def cut(condensed: np.ndarray, *, k: int | None = None, threshold: float | None = None):
    """Labels from SciPy's average linkage on condensed distances: k groups, or cut at a
    distance (groups whose mean distance exceeds `threshold` stay apart)."""
    from scipy.cluster.hierarchy import linkage

    n = int(round((1 + math.sqrt(1 + 8 * len(condensed))) / 2))
    if n <= 1:
        return np.zeros(max(n, 1), dtype=np.int64)
    return cut_linkage(linkage(condensed, method="average"), k=k, threshold=threshold)


def cut_linkage(tree: np.ndarray, *, k: int | None = None, threshold: float | None = None):
    from scipy.cluster.hierarchy import cut_tree, fcluster

    if k is not None:
        # cut_tree gives exactly k groups even when merge heights tie (identical texts).
        return cut_tree(tree, n_clusters=min(k, len(tree) + 1)).ravel()
    return fcluster(tree, threshold, criterion="distance")


def weighted_average_linkage(distances: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """SciPy-format linkage of average linkage (UPGMA) over groups of `sizes` observations.

    `distances` (m × m, symmetric) holds the mean distance between the groups' members; it is
    overwritten. After a merge, the distance to another group is the size-weighted mean of the
    two rows, which keeps every distance the mean over member pairs, as in SciPy's average
    linkage from single observations. Nearest-neighbour chain, O(m²) time.
    """
    m = len(sizes)
    if m == 1:
        return np.zeros((0, 4))
    d = distances
    _symmetrise(d)
    np.fill_diagonal(d, np.inf)
    weight = sizes.astype(np.float64)
    merges: list[tuple[int, int, float]] = []
    chain: list[int] = []
    active = np.ones(m, dtype=bool)
    while len(merges) < m - 1:
        if not chain:
            chain.append(int(np.flatnonzero(active)[0]))
        a = chain[-1]
        b = int(np.argmin(d[a]))
        if len(chain) > 1 and d[a, chain[-2]] <= d[a, b]:
            b = chain[-2]  # reciprocal nearest neighbours: merge
        if len(chain) > 1 and b == chain[-2]:
            del chain[-2:]
            merges.append((a, b, float(d[a, b])))
            row = (weight[a] * d[a] + weight[b] * d[b]) / (weight[a] + weight[b])
            d[a], d[:, a] = row, row
            d[b], d[:, b] = np.inf, np.inf
            d[a, a] = np.inf
            weight[a] += weight[b]
            active[b] = False
        else:
            chain.append(b)
            if len(chain) > m:  # impossible on a symmetric matrix: never loop forever
                raise RuntimeError("nearest-neighbour chain cycles: distances not symmetric")
    return _linkage_matrix(merges, m)


def _symmetrise(d: np.ndarray) -> None:
    """d ← (d + dᵀ) / 2 in place, a block at a time (no full-size temporary).

    Products computed by BLAS in blocks are not exactly symmetric, and the chain needs them to
    be: with d[a, c] ≠ d[c, a] three groups can each find the next one nearest, forever.
    """
    m = len(d)
    for i in range(0, m, BLOCK):
        rows = slice(i, min(i + BLOCK, m))
        for j in range(i, m, BLOCK):
            cols = slice(j, min(j + BLOCK, m))
            mean = (d[rows, cols] + d[cols, rows].T) / 2
            d[rows, cols] = mean
            d[cols, rows] = mean.T


def _linkage_matrix(merges: list[tuple[int, int, float]], m: int) -> np.ndarray:
    """Merges found in chain order → SciPy's linkage matrix (sorted, clusters renumbered)."""
    merges = sorted(merges, key=lambda merge: merge[2])
    parent = list(range(m))
    label = list(range(m))
    count = [1] * m

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    tree = np.zeros((m - 1, 4))
    for step, (a, b, height) in enumerate(merges):
        ra, rb = root(a), root(b)
        la, lb = label[ra], label[rb]
        tree[step] = (min(la, lb), max(la, lb), height, count[ra] + count[rb])
        parent[rb] = ra
        label[ra] = m + step
        count[ra] += count[rb]
    return tree


def two_stage(
    n: int,
    *,
    condensed: Callable[[np.ndarray], np.ndarray],
    similarity_rows: Callable[[np.ndarray], np.ndarray],
    k: int | None,
    threshold: float | None,
    default_cut: Callable[[float, float], float],
    chunk_size: int | None = None,
    micro_groups: int | None = None,
) -> np.ndarray:
    """Labels for a batch over SQUARE_LIMIT texts (see the module docstring)."""
    from scipy import sparse

    chunk_size = chunk_size or EXACT_LIMIT
    micro_groups = micro_groups or SQUARE_LIMIT
    micro = np.empty(n, dtype=np.int64)
    count = 0
    for chunk in np.array_split(np.arange(n), math.ceil(n / chunk_size)):
        labels = cut(condensed(chunk), k=max(1, micro_groups * len(chunk) // n))
        _, labels = np.unique(labels, return_inverse=True)
        micro[chunk] = labels + count
        count += int(labels.max()) + 1

    sizes = np.bincount(micro, minlength=count)
    members = sparse.csr_matrix(
        ((1.0 / sizes[micro]).astype(np.float32), (micro, np.arange(n))), shape=(count, n)
    )
    mean_similarity = np.zeros((count, count), dtype=np.float32)
    moments = Moments()
    for rows in _blocks(n):
        similarity = similarity_rows(rows)
        mean_similarity += members[:, rows] @ np.asarray(members @ similarity.T).T
        block = np.clip(1.0 - similarity, 0.0, 2.0)
        block[np.arange(len(rows)), rows] = 0.0
        moments.add(block)
    if k is None and threshold is None:
        threshold = default_cut(*moments.result(n))
    if count == 1:
        return np.zeros(n, dtype=np.int64)
    distances = np.subtract(1.0, mean_similarity, out=mean_similarity)
    np.clip(distances, 0.0, 2.0, out=distances)
    tree = weighted_average_linkage(distances, sizes)
    return cut_linkage(tree, k=k, threshold=threshold)[micro]


class Moments:
    """Running mean and standard deviation of distances over all pairs of distinct texts."""

    def __init__(self) -> None:
        self.total = 0.0
        self.total_sq = 0.0

    def add(self, block: np.ndarray) -> None:
        """A block of rows of the full distance matrix, its diagonal entries set to 0."""
        self.total += float(block.sum(dtype=np.float64))
        self.total_sq += float(np.einsum("ij,ij->", block, block, dtype=np.float64))

    def result(self, n: int) -> tuple[float, float]:
        pairs = n * (n - 1)
        mean = self.total / pairs
        return mean, math.sqrt(max(self.total_sq / pairs - mean * mean, 0.0))


def _blocks(n: int):
    for start in range(0, n, BLOCK):
        yield np.arange(start, min(start + BLOCK, n))
