"""The audit trail: django-reversion stores each staff change (admin forms, bulk actions, CSV imports,
check-in) as a revision with its author, time and comment, and each record's state after it.

Records that entered through the public site (registrations, inquiries, submissions) or before the
trail existed have no version yet; before their first change in a revision, their stored state is
kept as a version of its own, so the value before every staff change can be seen and restored.
"""

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision, Version

# django-reversion keeps the registration options (fields, format) here; pinned below version 7.
from reversion.revisions import _get_options

BASELINE_COMMENT = _("State before the first recorded change")


def version_before_first_change(sender, instance, raw=False, **kwargs):
    """pre_save and pre_delete receiver."""
    if raw or instance.pk is None or not reversion.is_active() or not reversion.is_registered(sender):
        return
    if Version.objects.get_for_object(instance).exists():
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    if stored is None:
        return
    options = _get_options(sender)
    revision = Revision.objects.create(date_created=timezone.now(), comment=str(BASELINE_COMMENT))
    Version.objects.create(
        revision=revision,
        content_type=ContentType.objects.get_for_model(sender),
        object_id=str(stored.pk),
        db=stored._state.db,
        format=options.format,
        serialized_data=serializers.serialize(options.format, [stored], fields=options.fields),
        object_repr=str(stored),
    )


def bulk_change_recorded(queryset, change, changed):
    """Run `change(queryset)`, a bulk update that skips save(), and record it like saves: each selected
    row's state before, and the state after of the rows that `changed` (a filter) selects."""
    selected = list(queryset)
    for record in selected:
        version_before_first_change(type(record), record)
    result = change(queryset)
    for record in queryset.model._base_manager.filter(pk__in=[record.pk for record in selected], **changed):
        reversion.add_to_revision(record)
    return result
