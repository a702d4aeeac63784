from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coprod.core"
    label = "core"
