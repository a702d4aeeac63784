"""Where new texts fit among groups already formed. No Django import.

`closest_groups(texts, groups)` gives each text the group it is most similar to on average, the
average-linkage criterion that formed the groups, with the uncentred cosines `similarity.nearest`
uses: the backend's sentence vectors mixed with character 3–5-gram TF-IDF. The TF-IDF weights
come from the groups' texts alone, so where a text goes does not depend on the other new texts;
its n-grams that no group has weigh as n-grams seen nowhere, and keep their share of its norm.

A text's n-gram counts never change, so they are kept by text, as its sentence vectors are (see
`backends.EmbeddingCache`); the fit of a set of groups is kept too, keyed by their texts, with
the group found for each text. A board re-read after each new proposal places that proposal
alone, and fitting groups whose texts were all seen before costs array operations, not an
analysis of every text again.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from coprod.grouping import similarity
from coprod.grouping.backends import Backend, get_backend

# The columns n-grams are hashed to: with the tens of thousands of distinct n-grams of a
# workshop's proposals, fewer than one in two hundred shares its column with another.
HASHED_COLUMNS = 2**24

Fit = tuple[int, float] | None


def closest_groups(
    texts: Sequence[str], groups: Sequence[Sequence[str]], *, backend: str | Backend | None = None
) -> list[Fit]:
    """For each text, the group it fits best: (group index, mean cosine similarity to its
    texts), or None when every group is empty. The caller decides whether a fit is close enough,
    e.g. against `similarity.off_topic_threshold()`."""
    texts = list(texts)
    if not texts or not any(len(members) for members in groups):
        return [None] * len(texts)
    return _fit_of(groups, get_backend(backend)).closest(texts)


def closest_group(
    text: str, groups: Sequence[Sequence[str]], *, backend: str | Backend | None = None
) -> Fit:
    """The group one text fits best (see `closest_groups`)."""
    return closest_groups([text], groups, backend=backend)[0]


def batch_vectors(
    texts: Sequence[str], *, backend: str | Backend | None = None
) -> tuple[np.ndarray, sparse.csr_matrix]:
    """The texts' unit vectors as `similarity` mixes them for a batch of exactly these texts
    (the TF-IDF weighed by the texts themselves), from the n-gram counts and sentence vectors
    kept by text: dense (n × d) and sparse (n × the batch's n-grams) parts. Their products are
    the batch's uncentred cosines, without cutting any text seen before into n-grams again."""
    texts = list(texts)
    backend = get_backend(backend)
    return _unit_vectors(texts, _Vocabulary(NGRAMS.counts(texts)), backend)


class GroupFit:
    """Groups fitted once: their TF-IDF vocabulary, each group's mean vector, and the group
    found so far for each text."""

    def __init__(self, groups: Sequence[Sequence[str]], backend: Backend):
        self.backend = backend
        sizes = np.array([len(members) for members in groups], dtype=np.intp)
        members = [text for group_texts in groups for text in group_texts]
        self.vocabulary = _Vocabulary(NGRAMS.counts(members))
        dense, tfidf = _unit_vectors(members, self.vocabulary, backend)
        # Row g averages group g's unit vectors: a text's mean cosine to the group is one product.
        owner = np.repeat(np.arange(len(sizes)), sizes)
        means = sparse.csr_matrix(
            (1.0 / sizes[owner], (owner, np.arange(len(members)))),
            shape=(len(sizes), len(members)),
            dtype=np.float32,
        )
        self._dense_means = np.ascontiguousarray((means @ dense).T)
        self._tfidf_means = (means @ tfidf).T.tocsr()
        self._empty = sizes == 0
        self._found: dict[str, Fit] = {}

    def closest(self, texts: list[str]) -> list[Fit]:
        missing = [text for text in dict.fromkeys(texts) if text not in self._found]
        if missing:
            self._found.update(zip(missing, self._place(missing), strict=True))
        return [self._found[text] for text in texts]

    def _place(self, texts: list[str]) -> list[Fit]:
        dense, tfidf = _unit_vectors(texts, self.vocabulary, self.backend)
        scores = dense @ self._dense_means + (tfidf @ self._tfidf_means).toarray()
        np.clip(scores, -1.0, 1.0, out=scores)
        scores[:, self._empty] = -np.inf
        best = np.argmax(scores, axis=1)
        return [(int(g), float(scores[i, g])) for i, g in enumerate(best)]


FITS_KEPT = 8
_fits: OrderedDict[tuple, GroupFit] = OrderedDict()
_fits_lock = threading.Lock()


def _fit_of(groups: Sequence[Sequence[str]], backend: Backend) -> GroupFit:
    """The fit of these groups, kept for the last few groups asked for: keyed by the backend
    and the groups' texts, all that a fit depends on."""
    key = (backend.name, tuple(tuple(members) for members in groups))
    with _fits_lock:
        fit = _fits.get(key)
        if fit is not None:
            _fits.move_to_end(key)
            return fit
    fit = GroupFit(groups, backend)  # outside the lock: another workshop's fit may run meanwhile
    with _fits_lock:
        _fits[key] = fit
        while len(_fits) > FITS_KEPT:
            _fits.popitem(last=False)
    return fit


def forget() -> None:
    """Forget every text and fit, as a process that has placed nothing yet."""
    NGRAMS.clear()
    with _fits_lock:
        _fits.clear()


class _Vocabulary:
    """The n-gram columns of a reference batch (the groups' texts), with their smooth IDF as
    scikit-learn computes it: ln((1 + n) / (1 + df)) + 1, where df = 0 for an unseen n-gram."""

    def __init__(self, counts: Counts):
        self.size = len(counts)
        self.columns, frequency = np.unique(counts.indices, return_counts=True)
        self.idf = np.log((1 + self.size) / (1 + frequency)) + 1
        self.unseen_idf = math.log(1 + self.size) + 1

    def weigh(self, hashed: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For hashed columns: the reference's column index, whether it has that column, and
        the column's IDF (the unseen one where it has not)."""
        if not len(self.columns):
            none = np.zeros(len(hashed), dtype=np.intp)
            return none, none.astype(bool), np.full(len(hashed), self.unseen_idf)
        where = np.minimum(np.searchsorted(self.columns, hashed), len(self.columns) - 1)
        seen = self.columns[where] == hashed
        return where, seen, np.where(seen, self.idf[where], self.unseen_idf)


def _unit_vectors(texts: list[str], vocabulary: _Vocabulary, backend: Backend):
    """The texts' unit vectors [√w·sentence vectors | √w_tfidf·TF-IDF], the TF-IDF weighed by
    the vocabulary and kept on its columns: dense (n × d) and sparse (n × vocabulary) parts."""
    blocks = [math.sqrt(w) * encoder.encode(texts) for encoder, w in backend.encoders]
    dense = (
        np.hstack(blocks).astype(np.float32, copy=False)
        if blocks
        else np.zeros((len(texts), 0), dtype=np.float32)
    )
    counts = NGRAMS.counts(texts)
    where, seen, idf = vocabulary.weigh(counts.indices)
    weights = counts.data * idf
    rows = np.repeat(np.arange(len(texts)), np.diff(counts.indptr))
    # Each text's TF-IDF part has norm 1 over all its n-grams, the unseen ones included.
    tfidf_norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(texts)))
    has_ngrams = tfidf_norms > 0
    squares = np.einsum("ij,ij->i", dense, dense, dtype=np.float64)
    squares += backend.tfidf_weight * has_ngrams
    scale = _inverse(np.sqrt(squares))
    tfidf_scale = _inverse(tfidf_norms) * scale * math.sqrt(backend.tfidf_weight)
    tfidf = sparse.csr_matrix(
        ((weights * tfidf_scale[rows])[seen].astype(np.float32), (rows[seen], where[seen])),
        shape=(len(texts), len(vocabulary.columns)),
    )
    return dense * scale[:, None].astype(np.float32), tfidf


def _inverse(values: np.ndarray) -> np.ndarray:
    return np.divide(1.0, values, out=np.zeros_like(values), where=values > 0)


@dataclass
class Counts:
    """N-gram counts of texts, laid out as a CSR matrix's arrays: text i's columns are
    indices[indptr[i]:indptr[i + 1]], its counts the same slice of data."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    def __len__(self) -> int:
        return len(self.indptr) - 1


class NgramCounts:
    """Character 3–5-gram counts by exact text, as `similarity`'s TF-IDF analyses texts, hashed
    to HASHED_COLUMNS columns; least recently used out; safe to share between threads."""

    def __init__(self, max_texts: int = 20_000):
        self.max_texts = max_texts
        self._rows: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()
        self._hasher = None

    def __len__(self) -> int:
        return len(self._rows)

    def counts(self, texts: list[str]) -> Counts:
        """Each text's n-gram columns (sorted) and counts, in one flat run."""
        rows = self._lookup(texts)
        lengths = np.array([len(columns) for columns, _ in rows], dtype=np.intp)
        return Counts(
            indptr=np.concatenate([[0], np.cumsum(lengths)]),
            indices=np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, np.int32),
            data=np.concatenate([n for _, n in rows]) if rows else np.zeros(0, np.float32),
        )

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()

    def _lookup(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        with self._lock:
            found = {text: self._rows.get(text) for text in texts}
            for text, row in found.items():
                if row is not None:
                    self._rows.move_to_end(text)
        missing = [text for text, row in found.items() if row is None]
        if missing:
            matrix = self._hash(missing)
            with self._lock:
                for i, text in enumerate(missing):
                    start, stop = matrix.indptr[i], matrix.indptr[i + 1]
                    row = (matrix.indices[start:stop].copy(), matrix.data[start:stop].copy())
                    found[text] = self._rows[text] = row
                while len(self._rows) > self.max_texts:
                    self._rows.popitem(last=False)
        return [found[text] for text in texts]

    def _hash(self, texts: list[str]):
        if self._hasher is None:
            from sklearn.feature_extraction.text import HashingVectorizer

            self._hasher = HashingVectorizer(
                **similarity.NGRAMS,
                n_features=HASHED_COLUMNS,
                alternate_sign=False,
                norm=None,
                dtype=np.float32,
            )
        matrix = self._hasher.transform(texts).tocsr()
        matrix.sort_indices()
        return matrix


NGRAMS = NgramCounts()
