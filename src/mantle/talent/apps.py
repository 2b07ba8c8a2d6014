from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "mantle.talent"
    label = "talent"
