from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "coprod.agenda"
    label = "agenda"
