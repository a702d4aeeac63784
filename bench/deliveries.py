"""Pure bookkeeping of the territory bench: which frames a phone got, which events they answer,
and the figures over many rooms. No I/O, no Django: tested by bench/tests/test_deliveries.py."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# The events every phone of a workshop must get, keyed by what they carry: a step change
# (`{"step": id}`) and a validation vote opened or closed (`{"vote": id}`). Other frames
# (presence, coalesced tallies) are not counted.
FRAME = re.compile(
    rb'\{"type":"(step|votes)\.changed","workshop":(\d+),"data":\{"(?:step|vote)":(\d+)'
)

Key = tuple[str, int]  # ("step", step id) or ("votes", vote id)


def parse(payload: bytes) -> tuple[Key, int] | None:
    """(event key, workshop id) of a JSON frame that every phone must get, else None."""
    m = FRAME.match(payload)
    if m is None:
        return None
    return (m.group(1).decode(), int(m.group(3))), int(m.group(2))


def pct(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile, None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def match(
    sent: Sequence[tuple[Key, float]], received: Iterable[tuple[Key, float]]
) -> tuple[list[float | None], int]:
    """Each sent event's latency on one phone (None: never arrived), and how many received
    frames answer no sent event. Frames arrive in the order their workshop published them, so
    they are matched in order: the count of lost events is exact (when a phone misses an event
    whose key comes again, as a vote's opening and closing, its later frame answers the earlier
    event and shows as late)."""
    latencies: list[float | None] = [None] * len(sent)
    unexpected, j = 0, 0
    for key, t in received:
        k = j
        while k < len(sent) and sent[k][0] != key:
            k += 1
        if k == len(sent):
            unexpected += 1
            continue
        latencies[k] = t - sent[k][1]
        j = k + 1
    return latencies, unexpected


def summarise(rooms: Iterable[dict]) -> dict:
    """Figures over rooms, each {"sent": [(key, t)], "phones": [[(key, t), …] per phone]}:
    deliveries, lost (sent events × phones − deliveries), frames that answer nothing, events that
    missed at least one phone, latency percentiles over deliveries."""
    latencies: list[float] = []
    expected = unexpected = incomplete = events = 0
    for room in rooms:
        sent, phones = room["sent"], room["phones"]
        events += len(sent)
        expected += len(sent) * len(phones)
        got = [0] * len(sent)
        for received in phones:
            per_event, extra = match(sent, received)
            unexpected += extra
            for i, lat in enumerate(per_event):
                if lat is not None:
                    latencies.append(lat)
                    got[i] += 1
        incomplete += sum(1 for n in got if n < len(phones))
    return {
        "events": events,
        "expected": expected,
        "delivered": len(latencies),
        "lost": expected - len(latencies),
        "unexpected": unexpected,
        "incomplete_events": incomplete,
        "p50": pct(latencies, 50),
        "p99": pct(latencies, 99),
        "max": max(latencies) if latencies else None,
    }
