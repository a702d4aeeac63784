from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "coprod.realtime"
    label = "realtime"
