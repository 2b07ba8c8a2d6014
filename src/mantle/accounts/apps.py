from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mantle.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
