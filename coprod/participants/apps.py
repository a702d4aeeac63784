from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "coprod.participants"
    label = "participants"

    def ready(self):
        from . import tokens

        tokens.connect()
