from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "mantle.imports"
    label = "imports"
