from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "coprod.processes"
    label = "processes"
