from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchSynonym(models.Model):
    """Terms that mean the same to a searcher: a search for any of them finds every one of them."""

    terms = models.TextField(
        _("equivalent terms"),
        help_text=_("One term per line, in either language, for example 短剧 and short drama."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return " / ".join(self.term_list)

    @property
    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.splitlines() if term.strip()]

    def clean(self):
        super().clean()
        if len(self.term_list) < 2:
            raise ValidationError({"terms": _("Give at least two terms, one per line.")})
