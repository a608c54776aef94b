from django.db import migrations


class Migration(migrations.Migration):
    """Apart from 0014, whose data step PostgreSQL must commit before these columns can go."""

    dependencies = [
        ("districts", "0014_amount_basis_scope_level_and_sources_as_published"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="incentive",
            name="amount_basis",
        ),
        migrations.RemoveField(
            model_name="incentive",
            name="is_micro_drama_specific",
        ),
        migrations.RemoveField(
            model_name="industrialfund",
            name="is_micro_drama_specific",
        ),
    ]
