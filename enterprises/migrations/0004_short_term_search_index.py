import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

# Every character and pair of neighbouring characters of a text: what a one- or two-character
# search term can be found among (enterprises/search.py); the GIN index keeps each once per row.
# Immutable, so it can be indexed. The high cost tells the planner that computing it row by row
# is far dearer than reading the index; the index answers containment exactly, without a recheck.
CREATE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION enterprise_search_grams(text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
    SELECT characters || ARRAY(
        SELECT characters[position] || characters[position + 1]
        FROM generate_series(1, cardinality(characters) - 1) AS position
    )
    FROM string_to_array($1, NULL) AS characters
$$
"""


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0003_listing_rules'),
    ]

    operations = [
        migrations.RunSQL(CREATE_FUNCTION, "DROP FUNCTION enterprise_search_grams(text)"),
        migrations.AddIndex(
            model_name='enterprise',
            index=django.contrib.postgres.indexes.GinIndex(models.Func(models.F('search_text'), function='enterprise_search_grams', output_field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)), name='enterprise_search_grams'),
        ),
    ]
