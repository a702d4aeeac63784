from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "coprod.catalogue"
    label = "catalogue"
