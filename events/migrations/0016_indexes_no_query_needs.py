"""Indexes no query needs, which every registration wrote: the keys covered by a composite index or unique
constraint that begins with them, and the LIKE indexes PostgreSQL gets beside each unique text column (the
ticket code and the link's token are only ever looked up whole)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0015_sessions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="registration",
            name="event",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="registrations",
                to="events.event",
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="sessionbooking",
            name="agenda_item",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bookings",
                to="events.agendaitem",
                verbose_name="session",
            ),
        ),
        migrations.AlterField(
            model_name="sessionbooking",
            name="registration",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="session_bookings",
                to="events.registration",
                verbose_name="registration",
            ),
        ),
        migrations.RunSQL(
            sql=[
                'DROP INDEX IF EXISTS "events_registration_ticket_code_13dab972_like"',
                'DROP INDEX IF EXISTS "events_registration_manage_token_9e357913_like"',
            ],
            reverse_sql=[
                'CREATE INDEX "events_registration_ticket_code_13dab972_like" '
                'ON "events_registration" ("ticket_code" varchar_pattern_ops)',
                'CREATE INDEX "events_registration_manage_token_9e357913_like" '
                'ON "events_registration" ("manage_token" varchar_pattern_ops)',
            ],
        ),
    ]
