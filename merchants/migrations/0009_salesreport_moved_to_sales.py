# SalesReport now belongs to the sales app (sales 0001 took it over on its table): it leaves the
# merchants' state only. No table is dropped; sales 0002 renames it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('merchants', '0008_store_list_sort_indexes'),
        ('sales', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='SalesReport'),
            ],
        ),
    ]
