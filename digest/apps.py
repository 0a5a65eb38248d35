from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestConfig(AppConfig):
    name = "digest"
    verbose_name = _("Digest")

    def ready(self):
        from . import history, signals  # noqa: F401 - connects the receivers

        history.register_models()
