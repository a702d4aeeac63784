"""Average linkage beyond SciPy's memory reach (coprod/grouping/hierarchy.py)."""

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist, squareform
from sklearn.metrics import adjusted_rand_score

from coprod.grouping import hierarchy


def points(n, seed=0, centres=6, spread=0.3):
    """Unit vectors around a few directions, as sentence embeddings are."""
    rng = np.random.default_rng(seed)
    directions = rng.normal(size=(centres, 16))
    x = directions[rng.integers(0, centres, n)] + spread * rng.normal(size=(n, 16))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_in_place_average_linkage_matches_scipy():
    """Same merge heights and the same groups at any cut as SciPy's average linkage."""
    x = points(300)
    condensed = pdist(x, "cosine")
    expected = linkage(condensed, method="average")
    square = squareform(condensed).astype(np.float32)
    tree = hierarchy.weighted_average_linkage(square, np.ones(300))
    assert np.allclose(np.sort(tree[:, 2]), np.sort(expected[:, 2]), atol=1e-5)
    for cut in (0.05, 0.2, 0.5, 1.0):
        assert adjusted_rand_score(
            fcluster(expected, cut, "distance"), fcluster(tree, cut, "distance")
        ) == pytest.approx(1.0)


def test_weighted_groups_count_their_members():
    """Starting from groups of identical points, weighted by size, gives SciPy's tree over all
    the points: the mean distance after a merge weighs each group by its members."""
    x = points(40, seed=1)
    sizes = np.random.default_rng(2).integers(1, 6, 40)
    expanded = np.repeat(x, sizes, axis=0)
    expected = linkage(pdist(expanded, "cosine"), method="average")
    tree = hierarchy.weighted_average_linkage(
        squareform(pdist(x, "cosine")).astype(np.float32), sizes
    )
    heights = expected[:, 2][expected[:, 2] > 1e-9]
    assert np.allclose(np.sort(tree[:, 2]), np.sort(heights), atol=1e-5)


def test_asymmetric_rounding_does_not_loop():
    """BLAS products are not exactly symmetric; the chain must still end."""
    x = points(200, seed=3).astype(np.float32)
    square = 1.0 - x @ x.T
    square += np.random.default_rng(4).normal(scale=1e-6, size=square.shape).astype(np.float32)
    assert hierarchy.weighted_average_linkage(square, np.ones(200)).shape == (199, 4)


def _callbacks(x):
    def condensed(index):
        return np.clip(pdist(x[index], "cosine"), 0.0, 2.0)

    def similarity_rows(rows):
        return (x[rows] @ x.T).astype(np.float32)

    return condensed, similarity_rows


@pytest.mark.parametrize("options", [{"k": 6}, {"threshold": 0.5}, {}])
def test_square_path_and_scipy_path_agree(options):
    """`cluster` on the square in-place path gives SciPy's groups."""
    x = points(500, seed=5)
    condensed, similarity_rows = _callbacks(x)
    expected = hierarchy.cut(condensed(np.arange(500)), **options) if options else None
    limit = hierarchy.EXACT_LIMIT
    try:
        hierarchy.EXACT_LIMIT = 100  # force the square path on a small batch
        labels = hierarchy.cluster(
            500,
            condensed=condensed,
            similarity_rows=similarity_rows,
            k=options.get("k"),
            threshold=options.get("threshold"),
            default_cut=lambda mean, std: mean - 0.5 * std,
        )
    finally:
        hierarchy.EXACT_LIMIT = limit
    if expected is None:
        distances = condensed(np.arange(500))
        expected = hierarchy.cut(distances, threshold=distances.mean() - 0.5 * distances.std())
    assert adjusted_rand_score(expected, labels) == pytest.approx(1.0)


def test_two_stage_keeps_tight_groups_and_bounds_the_count():
    """Over the square limit: chunks, then micro-groups; k is respected, clear groups kept."""
    x = points(600, seed=6, centres=5, spread=0.05)
    condensed, similarity_rows = _callbacks(x)
    truth = hierarchy.cut(condensed(np.arange(600)), k=5)
    for options in ({"k": 5}, {"threshold": 0.5}):
        labels = hierarchy.two_stage(
            600,
            condensed=condensed,
            similarity_rows=similarity_rows,
            default_cut=lambda mean, std: mean,
            chunk_size=200,
            micro_groups=150,
            k=options.get("k"),
            threshold=options.get("threshold"),
        )
        assert adjusted_rand_score(truth, labels) == pytest.approx(1.0)
    many = hierarchy.two_stage(
        600,
        condensed=condensed,
        similarity_rows=similarity_rows,
        default_cut=lambda mean, std: mean,
        chunk_size=200,
        micro_groups=150,
        k=None,
        threshold=0.0,
    )
    assert len(set(many)) <= 150
