from django.apps import AppConfig


class RestitutionConfig(AppConfig):
    name = "coprod.restitution"
    label = "restitution"
