from django.apps import AppConfig


class GroupingConfig(AppConfig):
    name = "coprod.grouping"
    label = "grouping"
