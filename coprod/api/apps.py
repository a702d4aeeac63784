from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "coprod.api"
    label = "api"
