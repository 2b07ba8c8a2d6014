from django.apps import AppConfig


class BoardPackConfig(AppConfig):
    name = "mantle.boardpack"
    label = "boardpack"
    verbose_name = "Board pack"
