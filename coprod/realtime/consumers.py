"""The workshop WebSocket: authenticate, join the process hub, say nothing else.

Browsers get ready-to-swap HTML regions (htmx ws extension); API clients get JSON events. An API
client sends its token in the handshake's `Authorization: Bearer` header, never in the address
(addresses end up in access logs); browsers carry their session or board cookie. Clients do not send anything meaningful: every action goes through HTTP.
"""

from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from coprod.live import access, board_grant, regions
from coprod.participants import services as participant_services
from coprod.server import sockets

from .hub import Hub
from .outbox import Outbox

hub = Hub(render=regions.render)

FORBIDDEN = 4403


def bearer_token(scope) -> str:
    """The token of the handshake's `Authorization: Bearer …` header, or ""."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else ""
    return ""


class WorkshopConsumer(AsyncWebsocketConsumer):
    # No per-socket channel: fan-out goes through the hub, one subscription per process.
    channel_layer_alias = sockets.NO_CHANNEL_LAYER

    async def connect(self):
        self.key = None
        self.workshop_id = int(self.scope["url_route"]["kwargs"]["workshop_id"])
        query = {
            k: v[-1] for k, v in parse_qs(self.scope.get("query_string", b"").decode()).items()
        }
        token = bearer_token(self.scope)
        audience = await database_sync_to_async(access.audience_for)(
            self.workshop_id,
            session=self.scope.get("session"),
            user=self.scope.get("user"),
            view=query.get("view", ""),
            token=token,
            grant=board_grant.from_cookies(self.scope.get("cookies"), self.workshop_id),
        )
        if audience is None:
            await self.close(code=FORBIDDEN)
            return
        fmt = "json" if token or query.get("format") == "json" else "html"
        language = query.get("lang", settings.LANGUAGE_CODE)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        # Subscribed before the handshake completes, so that a change made as soon as the client
        # sees the socket open reaches it; frames fanned out meanwhile wait for the handshake.
        held: list[dict] = []

        async def hold(message: dict) -> None:
            held.append(message)

        self.key = (audience, fmt, language)
        self.outbox = Outbox(hold, on_error=self.leave_hub)
        await hub.join(self.workshop_id, self.outbox, self.key)
        await self.accept()
        # What the hub sends frames with (coprod.server.sockets): under the tuned server, its own
        # send and a direct write of ready frames; otherwise this consumer's send.
        send, write = sockets.writers(self.scope, self.base_send)
        while held:  # a fan-out during these sends still holds, so the order is kept
            await send(held.pop(0))
        self.outbox.send = send
        self.outbox.write = write
        if audience == "participant":
            self.participant_id = await database_sync_to_async(access.connecting_participant)(
                self.workshop_id, session=self.scope.get("session"), token=token
            )
            self.outbox.participant_id = self.participant_id
            self.outbox.close = self.close_removed
            await self.set_presence(connected=True)

    async def close_removed(self) -> None:
        """Removed from the room: the phone page says so, then the socket closes."""
        _audience, fmt, language = self.key
        if fmt == "html":
            await self.send(text_data=regions.removed_notice(language))
        await self.close(code=FORBIDDEN)

    def leave_hub(self) -> None:
        hub.leave(self.workshop_id, self.outbox, self.key)

    async def disconnect(self, code):
        if self.key:
            self.leave_hub()
            await self.set_presence(connected=False)

    async def set_presence(self, *, connected: bool) -> None:
        if getattr(self, "participant_id", None):
            await database_sync_to_async(participant_services.mark_connection)(
                self.participant_id, connected=connected
            )

    async def receive(self, text_data=None, bytes_data=None):
        if text_data == "ping":
            await self.send(text_data="pong")
