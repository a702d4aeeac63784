from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "coprod.voting"
    label = "voting"
