# SalesImport, SalesImportEvent and SalesRevision now belong to the sales app (sales 0001 took them
# over on their tables): they leave the dashboard's state only. No table is dropped; sales 0002
# renames them. Before merchants 0009, which drops SalesReport that SalesRevision points to.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dashboard', '0004_stored_impact_study'),
        ('sales', '0001_initial'),
    ]

    run_before = [
        ('merchants', '0009_salesreport_moved_to_sales'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='SalesRevision'),
                migrations.DeleteModel(name='SalesImportEvent'),
                migrations.DeleteModel(name='SalesImport'),
            ],
        ),
    ]
