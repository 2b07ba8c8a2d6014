from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mantle.demo"
    label = "demo"
