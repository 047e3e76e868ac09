from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    """The reference record (Chaotian ← Binjiang, 2021) and ``load_demo``, which loads it."""

    name = "cooperation.reference"
    label = "reference"
    verbose_name = _("Reference record")
