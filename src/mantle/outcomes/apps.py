from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "mantle.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"
