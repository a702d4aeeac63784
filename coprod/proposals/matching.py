"""Where a proposal belongs: its closest priority item, and the proposals close to a draft.

Thin glue over the Django-free `grouping.similarity` module, which owns the thresholds. It is
imported on first use: the sentence model loads only when a proposal needs it.
"""

# A typing participant is shown only proposals at least this close (cosine similarity).
CLOSE_DRAFT_SIMILARITY = 0.5


def closest_item(text: str, items: list):
    """The priority item closest to `text`, and whether the matching is confident that the text
    is close to none (« hors sujet ? », a suggestion for the facilitator only)."""
    if not items:
        return None, False
    from coprod.grouping import similarity

    (index, score), *_rest = similarity.nearest(text, [item.text for item in items], k=1)
    return items[index], similarity.confidently_off_topic(score)


def close_texts(query: str, texts: list[str], limit: int) -> list[int]:
    if not texts:
        return []
    from coprod.grouping import similarity

    return [
        i
        for i, score in similarity.nearest(query, texts, k=limit)
        if score >= CLOSE_DRAFT_SIMILARITY
    ]
