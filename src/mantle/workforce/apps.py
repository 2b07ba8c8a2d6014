from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "mantle.workforce"
    label = "workforce"
    verbose_name = "Workforce register"
