"""The territory bench counts a lost event as lost and a late one as late (bench/deliveries.py)."""

from bench.deliveries import match, parse, pct, summarise


def test_a_frame_is_keyed_by_its_event_and_workshop():
    frame = b'{"type":"step.changed","workshop":12,"data":{"step":345},"state":{"x":1}}'
    assert parse(frame) == (("step", 345), 12)
    assert parse(b'{"type":"votes.changed","workshop":3,"data":{"vote":7},"state":{}}') == (
        ("votes", 7),
        3,
    )
    assert parse(b'{"type":"tally.updated","workshop":3,"data":{"vote":7}}') is None
    assert parse(b'{"type":"step.changed","workshop":3,"data":{"step":null}}') is None


def test_a_missed_event_counts_as_lost_even_when_its_key_comes_again():
    sent = [(("votes", 1), 10.0), (("votes", 1), 20.0), (("step", 5), 30.0)]
    # The phone missed the vote's opening, got its closing and the step change.
    latencies, unexpected = match(sent, [(("votes", 1), 20.5), (("step", 5), 30.25)])
    # In-order matching takes the first frame for the opening: a missed event of the same key
    # just before shows up as a late delivery, so `lost` stays exact.
    assert latencies == [10.5, None, 0.25]
    assert unexpected == 0
    latencies, unexpected = match(sent, [(("step", 9), 1.0), (("step", 5), 30.5)])
    assert latencies == [None, None, 0.5]
    assert unexpected == 1


def test_figures_over_rooms_count_every_phone_of_every_room():
    a = {"sent": [(("step", 1), 0.0)], "phones": [[(("step", 1), 0.01)], [(("step", 1), 0.03)]]}
    b = {"sent": [(("step", 2), 1.0), (("step", 3), 2.0)], "phones": [[(("step", 3), 2.02)]]}
    figures = summarise([a, b])
    assert figures["events"] == 3
    assert figures["expected"] == 4
    assert figures["delivered"] == 3
    assert figures["lost"] == 1
    assert figures["incomplete_events"] == 1
    assert abs(figures["max"] - 0.03) < 1e-9
    assert pct([5, 1, 3], 50) == 3
    assert pct([], 99) is None
