from django.apps import AppConfig


class ActionSheetsConfig(AppConfig):
    name = "coprod.action_sheets"
    label = "action_sheets"
