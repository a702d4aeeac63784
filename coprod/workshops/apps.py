from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "coprod.workshops"
    label = "workshops"
