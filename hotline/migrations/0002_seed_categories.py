from django.db import migrations


def seed_categories(apps, schema_editor):
    from hotline.categories import DEFAULT_CATEGORIES

    Category = apps.get_model("hotline", "Category")
    for code, name, description, days, keywords, order in DEFAULT_CATEGORIES:
        Category.objects.get_or_create(code=code, defaults={
            "name": name, "description": description, "service_level_days": days,
            "keywords": keywords, "sort_order": order,
        })


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]

    operations = [migrations.RunPython(seed_categories, migrations.RunPython.noop)]
