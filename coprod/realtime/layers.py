"""The channel layer of several server processes: Redis carries events between them, but an
event always reaches this process's own listeners first, whatever Redis does.

With channels-redis alone a Redis outage failed every publication (a committed write answered
500) and silently stopped every hub's subscription. Here:

- `group_send` hands the message to this process's members at once, then publishes it through
  channels-redis for the other processes, tagged with this process's origin so that it is not
  delivered twice here. A publication that fails is logged (once per outage) and dropped.
- A probe pings Redis every second. When Redis answers again after an outage, the Redis side is
  rebuilt from scratch and every group of this process gets a `resync` event, sent through Redis
  to the other processes' members too (one may have recovered before this one noticed, and
  missed what this one published meanwhile): the hubs push every region afresh (clients then
  show the current state) and caches drop what they may hold from before.

State is kept per event loop, as channels-redis does: tests run each on a loop of their own.
"""

import asyncio
import contextlib
import logging
import uuid
import weakref
from collections import defaultdict

from channels.layers import BaseChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer
from redis import asyncio as aioredis

log = logging.getLogger(__name__)

PROBE_SECONDS = 1.0
PUBLISH_TIMEOUT = 1.0
RESYNC = {"type": "workshop.event", "event": "resync", "data": {}}


class LocalFirstRedisLayer(BaseChannelLayer):
    extensions = ["groups", "flush"]

    def __init__(self, hosts, prefix="asgi", **kwargs):
        super().__init__()
        self.hosts, self.prefix, self.kwargs = hosts, prefix, kwargs
        self.origin = uuid.uuid4().hex
        self._loops: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _here(self) -> "_LoopLayer":
        loop = asyncio.get_running_loop()
        state = self._loops.get(loop)
        if state is None:
            state = self._loops[loop] = _LoopLayer(self)
        return state

    async def new_channel(self, prefix="specific."):
        return self._here().new_channel(prefix)

    async def receive(self, channel):
        return await self._here().receive(channel)

    async def send(self, channel, message):
        await self._here().send(channel, message)

    async def group_add(self, group, channel):
        await self._here().group_add(group, channel)

    async def group_discard(self, group, channel):
        self._here().group_discard(group, channel)

    async def group_send(self, group, message):
        await self._here().group_send(group, message)

    async def flush(self):
        await self._here().flush()


class _LoopLayer:
    """What one event loop holds: its channels' queues, its groups, one relay from Redis per
    group, and the probe."""

    def __init__(self, owner: LocalFirstRedisLayer):
        self.owner = owner
        self.redis = RedisPubSubChannelLayer(hosts=owner.hosts, prefix=owner.prefix, **owner.kwargs)
        self.queues: dict[str, asyncio.Queue] = {}
        self.groups: dict[str, set[str]] = defaultdict(set)
        self.relays: dict[str, asyncio.Task] = {}
        self.reachable = True
        self.probe: asyncio.Task | None = None

    # Channels and groups of this process --------------------------------------------------------

    def new_channel(self, prefix: str) -> str:
        channel = f"{self.owner.prefix}.local.{prefix}{uuid.uuid4().hex}"
        self.queues[channel] = asyncio.Queue()
        return channel

    async def receive(self, channel: str):
        queue = self.queues.setdefault(channel, asyncio.Queue())
        try:
            return await queue.get()
        except asyncio.CancelledError:
            self.queues.pop(channel, None)
            raise

    async def send(self, channel: str, message: dict) -> None:
        if channel in self.queues:
            self.queues[channel].put_nowait(message)

    async def group_add(self, group: str, channel: str) -> None:
        self.groups[group].add(channel)
        if self.probe is None:
            self.probe = asyncio.ensure_future(self.watch())
        if group in self.relays:
            return
        subscribed = asyncio.Event()
        self.relays[group] = asyncio.ensure_future(self.relay(group, subscribed))
        if self.reachable:
            # What another process publishes as soon as the caller is ready must reach it.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(subscribed.wait(), PUBLISH_TIMEOUT)

    def group_discard(self, group: str, channel: str) -> None:
        members = self.groups.get(group)
        if members is None:
            return
        members.discard(channel)
        if not members:
            del self.groups[group]
            relay = self.relays.pop(group, None)
            if relay is not None:
                relay.cancel()

    def deliver(self, group: str, message: dict) -> None:
        for channel in self.groups.get(group, ()):
            queue = self.queues.get(channel)
            if queue is not None:
                queue.put_nowait(message)

    async def group_send(self, group: str, message: dict) -> None:
        self.deliver(group, message)
        if not self.reachable:
            return  # known to be down: the probe will resync everyone when it is back
        try:
            await asyncio.wait_for(
                self.redis.group_send(group, {**message, "origin": self.owner.origin}),
                PUBLISH_TIMEOUT,
            )
        except Exception:  # any failure of the transport: never the caller's write
            self.lost("publish")
        if self.probe is None:
            self.probe = asyncio.ensure_future(self.watch())

    async def flush(self) -> None:
        for task in (*self.relays.values(), self.probe):
            if task is not None:
                task.cancel()
        self.relays.clear()
        self.probe = None
        self.queues.clear()
        self.groups.clear()
        with contextlib.suppress(Exception):
            await self.redis.flush()

    # Redis ---------------------------------------------------------------------------------------

    async def relay(self, group: str, subscribed: asyncio.Event | None = None) -> None:
        """Hand this process's members what the other processes publish for `group`."""
        while True:
            try:
                channel = await self.redis.new_channel()
                await self.redis.group_add(group, channel)
                if subscribed is not None:
                    subscribed.set()
                while True:
                    message = await self.redis.receive(channel)
                    if message.pop("origin", None) != self.owner.origin:
                        self.deliver(group, message)
            except asyncio.CancelledError:
                raise
            except Exception:
                self.lost("subscribe")
                await asyncio.sleep(PROBE_SECONDS)

    def lost(self, what: str) -> None:
        if self.reachable:
            log.warning(
                "Redis unreachable (%s): events stay within this server process until it is back",
                what,
            )
        self.reachable = False

    async def watch(self) -> None:
        """Ping Redis every second; after an outage, rebuild the Redis side and resync."""
        url = self.owner.hosts[0]
        address = url if isinstance(url, str) else url.get("address")
        client = aioredis.Redis.from_url(
            address, socket_connect_timeout=PUBLISH_TIMEOUT, socket_timeout=PUBLISH_TIMEOUT
        )
        try:
            while True:
                await asyncio.sleep(PROBE_SECONDS)
                try:
                    await client.ping()
                except Exception:
                    self.lost("ping")
                    continue
                if not self.reachable:
                    await self.recover()
        finally:
            with contextlib.suppress(Exception):
                await client.aclose()

    async def recover(self) -> None:
        log.warning("Redis reachable again: every live page of this process is brought up to date")
        for relay in self.relays.values():
            relay.cancel()
        with contextlib.suppress(Exception):
            await self.redis.flush()
        self.redis = RedisPubSubChannelLayer(
            hosts=self.owner.hosts, prefix=self.owner.prefix, **self.owner.kwargs
        )
        subscribed = {group: asyncio.Event() for group in self.groups}
        self.relays = {
            group: asyncio.ensure_future(self.relay(group, ready))
            for group, ready in subscribed.items()
        }
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(*(ready.wait() for ready in subscribed.values())), PUBLISH_TIMEOUT
            )
        self.reachable = True
        # Here and in every other process: they may have recovered before this one noticed, and
        # missed what it published meanwhile.
        for group in list(self.groups):
            await self.group_send(group, RESYNC)
