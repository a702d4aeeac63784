from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "coprod.proposals"
    label = "proposals"
