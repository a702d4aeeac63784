"""A suggested label for each group: its distinctive words. No Django import.

A group's words are weighed by TF-IDF where each group is one document: a word counts for how
often the group's proposals use it, against how many of the workshop's groups use it too, so a
word every group shares (« village », « mettre ») says nothing and the group's own words come
first; a word all the groups use is never named. Words are compared without case nor accents (phone keyboards drop them) and shown in the
form the proposals use most; French function words and a few verbs of every proposal are left
out. The label is the 2–4 best words, or a two-word phrase when the group repeats one.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

# Function words, and the verbs and nouns that open most proposals (« mettre en place »,
# « créer un… »): they name no topic. Compared once folded (lower case, no accents).
_STOP_WORDS = """
    a afin ai ainsi alors apres au aucun aupres aussi autre autres aux avant avec avoir
    beaucoup bien c ca ce ceci cela celle celles celui ceux ces cet cette chaque chez ci comme
    comment d dans de des deja depuis donc dont du elle elles en encore entre est et etc etre
    eux faire fait faut j je jusqu l la le les leur leurs lors lui m ma mais me meme memes mes
    moi moins mon n ne ni non nos notre nous on ont ou par parce pas peu peut plus pour pourquoi
    qu quand que quel quelle quelles quels qui s sa sans se ses si sien soi son sont sous sur t
    ta te tes toi ton tous tout toute toutes tres tu un une unes uns vers via vos votre vous y
    mettre mise place creer developper favoriser permettre proposer renforcer ameliorer
    assurer augmenter faciliter soutenir organiser rendre prendre etablir instaurer garantir
    accompagner promouvoir encourager inciter aider nouveau nouvelle nouveaux nouvelles
    plusieurs certains certaines notamment tant selon lieu lieux
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
MIN_WORDS, MAX_WORDS = 2, 4
# A word that shows in fewer of a group's proposals than this share is not named, unless the
# group has nothing better: a label should describe the group, not one of its cards.
MIN_SHARE = 0.34
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-](?=[^\W\d_]))*", re.UNICODE)


def fold(word: str) -> str:
    """Lower case, accents stripped: « Écoles » → « ecoles »."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[tuple[str, str]]:
    """The topic words of a text, in order: (folded key, as written). Elisions are dropped
    (« l'épicerie » → épicerie), stop words and one-letter words left out."""
    found = []
    for match in _WORD.finditer(text):
        written = re.split(r"['’]", match.group())[-1]
        key = _stem(fold(written))
        if len(key) > 2 and fold(written) not in STOP_WORDS:
            found.append((key, written.lower()))
    return found


def suggest(groups: Sequence[Sequence[str]]) -> list[str]:
    """One suggested label per group (its texts), from its words weighed against the other
    groups'; "" for a group with no topic word."""
    analysed = [[words(text) for text in texts] for texts in groups]
    group_counts = [Counter(key for text in group for key, _ in text) for group in analysed]
    # In how many of its proposals each word of a group appears.
    spread = [Counter(key for text in group for key in {k for k, _ in text}) for group in analysed]
    document_frequency = Counter(key for counts in group_counts for key in counts)
    n = len(groups)
    labels = []
    for group, counts, present in zip(analysed, group_counts, spread, strict=True):
        if not counts:
            labels.append("")
            continue
        size = max(len(group), 1)

        def weight(key: str, counts=counts, present=present, size=size) -> float:
            # A word all the groups use tells none apart: weight 0 (alone, a group keeps its
            # most frequent words).
            idf = math.log((1 + n) / (1 + document_frequency[key])) if n > 1 else 1.0
            return (present[key] / size) * (1 + math.log(counts[key])) * idf

        ranked = sorted(counts, key=lambda key: (-weight(key), key))
        ranked = [key for key in ranked if weight(key) > 0] or ranked
        shared = [key for key in ranked if present[key] / size >= MIN_SHARE] or ranked
        chosen = shared[:MAX_WORDS]
        if len(chosen) < MIN_WORDS:
            chosen += [key for key in ranked if key not in chosen][: MIN_WORDS - len(chosen)]
        labels.append(_phrase(group, chosen) or ", ".join(_shown(group, k) for k in chosen))
    return labels


def _phrase(group: list[list[tuple[str, str]]], chosen: list[str]) -> str:
    """The two best words as written together, when half the group's proposals say them side
    by side (« transport demande » from « transport à la demande »), followed by the rest."""
    if len(group) < 2 or len(chosen) < 2:
        return ""
    pairs = Counter()
    for text in group:
        keys = [key for key, _ in text]
        pairs.update({(a, b) for a, b in zip(keys, keys[1:], strict=False)})
    first, second = chosen[0], chosen[1]
    together = max(pairs[(first, second)], pairs[(second, first)])
    if together * 2 < len(group):
        return ""
    a, b = (first, second) if pairs[(first, second)] >= pairs[(second, first)] else (second, first)
    rest = [k for k in chosen[2:]]
    return ", ".join([f"{_shown(group, a)} {_shown(group, b)}", *(_shown(group, k) for k in rest)])


def _shown(group: list[list[tuple[str, str]]], key: str) -> str:
    """The form of a word the group's proposals write most; on a tie the accented one (phone
    keyboards drop accents, nobody adds wrong ones), then the shortest (the singular)."""
    forms = Counter(written for text in group for k, written in text if k == key)
    return min(forms, key=lambda form: (-forms[form], fold(form) == form, len(form), form))


def _stem(folded: str) -> str:
    """A light French plural stem, so that « commerces » and « commerce » are one word."""
    if len(folded) > 4 and folded.endswith("aux"):
        return folded[:-3] + "al"
    if len(folded) > 3 and folded[-1] in "sx":
        return folded[:-1]
    return folded
