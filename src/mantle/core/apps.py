from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mantle.core"
    label = "core"
    verbose_name = "Mantle core"
