from django.apps import AppConfig


class ScenariosConfig(AppConfig):
    name = "mantle.scenarios"
    label = "scenarios"
    verbose_name = "Workforce scenarios"
