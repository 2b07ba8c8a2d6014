from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "mantle.team"
    label = "team"
    verbose_name = "My team"
