from django.apps import AppConfig


class DivideConfig(AppConfig):
    name = "mantle.divide"
    label = "divide"
