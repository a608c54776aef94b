from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageViewsConfig(AppConfig):
    name = "page_views"
    verbose_name = _("Page statistics")
