from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "coprod.live"
    label = "live"

    def ready(self):
        from . import state_cache

        state_cache.connect()
