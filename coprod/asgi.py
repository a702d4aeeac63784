"""ASGI entry point: Django for HTTP, the workshop consumer for WebSockets."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

django_application = get_asgi_application()

from coprod.realtime.origins import SameOriginValidator  # noqa: E402
from coprod.realtime.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
