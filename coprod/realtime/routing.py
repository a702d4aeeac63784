from django.urls import path

from .consumers import WorkshopConsumer

websocket_urlpatterns = [
    path("ws/workshops/<int:workshop_id>/", WorkshopConsumer.as_asgi()),
]
