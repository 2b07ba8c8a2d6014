from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "mantle.development"
    label = "development"
