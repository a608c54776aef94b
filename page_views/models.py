from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PageViewDay(models.Model):
    """How often one public page was viewed on one day (Beijing time) in one language. The page is named
    by its kind and the key in its address (a slug, or an incentive's number), never by a visitor."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        INCENTIVE = "incentive", _("Incentive")
        ENTERPRISE = "enterprise", _("Enterprise")
        EVENT = "event", _("Event")
        # A district's page opened from the incentive finder's answers: the key is the district's.
        FINDER = "finder", _("Finder answers taken to a district")

    kind = models.CharField(_("kind of page"), max_length=20, choices=Kind)
    key = models.CharField(_("page"), max_length=200, help_text=_("The slug or number in the page's address."))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"))

    class Meta:
        verbose_name = _("page views of a day")
        verbose_name_plural = _("page views")
        ordering = ["-day", "kind", "key", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "language", "day"], name="page_views_one_row_per_page_day")
        ]
        indexes = [models.Index(fields=["day"], name="page_views_day")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key} {self.day} {self.language}: {self.views}"


class PageViewBatch(models.Model):
    """A batch of counts moved from the cache, recorded in the same transaction as its counts, so a
    batch that a stopped worker left in the cache after writing it is never added twice."""

    id = models.CharField(primary_key=True, max_length=32)
    flushed_at = models.DateTimeField(auto_now_add=True)
