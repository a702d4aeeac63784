"""ASGI entry point: Django for HTTP, the workshop consumer for WebSockets."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.db import database_sync_to_async  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

django_application = get_asgi_application()

from coprod.accounts.services import signed_in  # noqa: E402
from coprod.core.access import RequestLog  # noqa: E402
from coprod.core.request_body import LimitedBody  # noqa: E402
from coprod.realtime.origins import SameOriginValidator  # noqa: E402
from coprod.realtime.routing import websocket_urlpatterns  # noqa: E402

# One access line per request and WebSocket, and the request id (coprod.core.access).
application = RequestLog(
    ProtocolTypeRouter(
        {
            # Bodies capped before Django reads them (coprod.core.body_limits); the tuned server
            # (coprod.server.tuned) applies the same limits on its own HTTP path.
            "http": LimitedBody(django_application, database_sync_to_async(signed_in)),
            "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
        }
    )
)
