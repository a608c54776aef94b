from django.db import migrations

# The field's own words for the same thing, in both languages; staff add more in the admin.
SYNONYMS = [
    "短剧\n微短剧\nmicro-drama\nshort drama\n竖屏剧",
    "出海\noverseas distribution",
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    for terms in SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=terms)


def unseed(apps, schema_editor):
    apps.get_model("search", "SearchSynonym").objects.filter(terms__in=SYNONYMS).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_synonyms"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
