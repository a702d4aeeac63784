"""The channel layer of several processes delivers in-process first, whatever Redis does
(coprod/realtime/layers.py); the multi-process outage test is test_redis_outage.py."""

import asyncio

import pytest

from coprod.core.testserver import free_port
from coprod.realtime.layers import LocalFirstRedisLayer

pytestmark = pytest.mark.asyncio


async def test_with_redis_unreachable_events_still_reach_this_process():
    layer = LocalFirstRedisLayer(hosts=[f"redis://127.0.0.1:{free_port()}/0"], prefix="t")
    channel = await layer.new_channel()
    await layer.group_add("workshop.1", channel)
    await layer.group_send("workshop.1", {"type": "workshop.event", "event": "step.changed"})
    message = await asyncio.wait_for(layer.receive(channel), 2)
    assert message == {"type": "workshop.event", "event": "step.changed"}
    await layer.group_discard("workshop.1", channel)
    await layer.flush()


async def test_a_group_gets_only_its_own_events():
    layer = LocalFirstRedisLayer(hosts=[f"redis://127.0.0.1:{free_port()}/0"], prefix="t")
    one, two = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("workshop.1", one)
    await layer.group_add("workshop.2", two)
    await layer.group_send("workshop.2", {"type": "workshop.event", "event": "x"})
    assert (await asyncio.wait_for(layer.receive(two), 2))["event"] == "x"
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(layer.receive(one), 0.3)
    await layer.flush()
