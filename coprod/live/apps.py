from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "coprod.live"
    label = "live"
