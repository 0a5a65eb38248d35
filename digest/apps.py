from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestConfig(AppConfig):
    name = "digest"
    verbose_name = _("Digest")

    def ready(self):
        from . import checks, history, signals  # noqa: F401 - connects receivers, checks

        history.register_models()
