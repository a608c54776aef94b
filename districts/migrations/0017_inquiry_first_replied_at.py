import json

from django.db import migrations, models


def first_replies_from_history(apps, schema_editor):
    """Each inquiry already moved on from "new" gets the time of the first saved version of it (the admin's
    audit trail) that was no longer new. Inquiries with no such version keep no time: it is not known."""
    Inquiry = apps.get_model("districts", "Inquiry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    content_type = ContentType.objects.filter(app_label="districts", model="inquiry").first()
    if content_type is None:
        return
    waiting = set(
        str(pk) for pk in Inquiry.objects.filter(first_replied_at=None).exclude(status="new").values_list("pk", flat=True)
    )
    first_reply = {}
    versions = (
        Version.objects.filter(content_type=content_type, object_id__in=waiting)
        .order_by("revision__date_created", "pk")
        .values_list("object_id", "serialized_data", "revision__date_created")
    )
    for object_id, serialized_data, saved_at in versions.iterator():
        if object_id in first_reply:
            continue
        try:
            status = json.loads(serialized_data)[0]["fields"].get("status")
        except (ValueError, LookupError, TypeError, AttributeError):
            continue
        if status and status != "new":
            first_reply[object_id] = saved_at
    for object_id, saved_at in first_reply.items():
        Inquiry.objects.filter(pk=int(object_id)).update(first_replied_at=saved_at)


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0016_amount_for_not_published"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.AddField(
            model_name="inquiry",
            name="first_replied_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the bureau first moved the inquiry on from “new”: the time to its first reply.",
                null=True,
                verbose_name="first reply",
            ),
        ),
        migrations.RunPython(first_replies_from_history, migrations.RunPython.noop),
    ]
