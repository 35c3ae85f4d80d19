# The moved tables get the sales app's names (sales_salesreport, sales_salesimport, ...), renamed in
# place with their rows, keys, constraints and indexes; the month index gets a name of its own.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dashboard', '0005_sales_models_moved_to_sales'),
        ('merchants', '0009_salesreport_moved_to_sales'),
        ('sales', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(name='salesreport', table=None),
        migrations.AlterModelTable(name='salesimport', table=None),
        migrations.AlterModelTable(name='salesimportevent', table=None),
        migrations.AlterModelTable(name='salesrevision', table=None),
        migrations.RenameIndex(
            model_name='salesreport',
            new_name='sales_report_month_idx',
            old_name='merchants_s_month_cea2d0_idx',
        ),
    ]
