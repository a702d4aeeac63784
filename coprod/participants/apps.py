from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "coprod.participants"
    label = "participants"
