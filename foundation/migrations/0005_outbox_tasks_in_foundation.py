# The outbox's task moved from haizhu_portal.tasks to foundation.tasks: queued rows name the new path.

from django.db import migrations

BEFORE, AFTER = "haizhu_portal.tasks.deliver_email", "foundation.tasks.deliver_email"


def rename(before, after):
    def run(apps, schema_editor):
        DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
        DBTaskResult.objects.filter(task_path=before).update(task_path=after)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('haizhu_portal', '0004_outgoing_email_resend_permission'),
        ('django_tasks_database', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(rename(BEFORE, AFTER), rename(AFTER, BEFORE)),
    ]
