from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coprod.accounts"
    label = "accounts"
