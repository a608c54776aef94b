import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

# Every distinct character and pair of characters of a text, whitespace aside: what a one- or
# two-character search term can be found among (enterprises/search.py). Immutable, so it can be indexed.
CREATE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION enterprise_search_grams(text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT gram), '{}')
    FROM generate_series(1, length($1)) AS position,
         LATERAL (VALUES (substr($1, position, 1)), (substr($1, position, 2))) AS grams (gram)
    WHERE gram !~ '\s'
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
