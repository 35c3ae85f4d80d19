# The sales models moved here from two apps without moving a row: SalesReport from merchants
# (table merchants_salesreport), SalesImport, SalesImportEvent and SalesRevision from dashboard
# (tables dashboard_sales*). This migration only takes them over in Django's state, on the tables
# they have (db_table); dashboard 0005 and merchants 0009 drop them from those apps' state, and
# sales 0002 then renames the tables to sales_*. The same chain runs on a new database (the
# tables are created by merchants 0001 and dashboard 0001/0003 first) and on an existing one.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (old app label, model): their content types (and so permissions and admin log entries) follow.
MOVED = [("merchants", "salesreport"), ("dashboard", "salesimport"), ("dashboard", "salesimportevent"),
         ("dashboard", "salesrevision")]


def _relabel(apps, schema_editor, *, forwards: bool):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for old_label, model in MOVED:
        source, target = (old_label, "sales") if forwards else ("sales", old_label)
        if not types.filter(app_label=target, model=model).exists():
            types.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_sales(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=True)


def content_types_back(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('dashboard', '0004_stored_impact_study'),
        ('districts', '0002_district_store_count_and_event_data'),
        ('merchants', '0008_store_list_sort_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='SalesImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('filename', models.CharField(max_length=255, verbose_name='file name')),
                        ('content', models.BinaryField(verbose_name='file content')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='queued', max_length=10, verbose_name='status')),
                        ('total_rows', models.PositiveIntegerField(default=0, verbose_name='rows in the file')),
                        ('processed_rows', models.PositiveIntegerField(default=0, verbose_name='rows processed')),
                        ('created_count', models.PositiveIntegerField(default=0, verbose_name='created')),
                        ('updated_count', models.PositiveIntegerField(default=0, verbose_name='updated')),
                        ('unchanged_count', models.PositiveIntegerField(default=0, verbose_name='unchanged')),
                        ('rejected_count', models.PositiveIntegerField(default=0, verbose_name='rejected')),
                        ('months', models.JSONField(blank=True, default=list, verbose_name='months in the file')),
                        ('error_csv', models.TextField(blank=True, verbose_name='rejected rows (CSV)')),
                        ('message', models.TextField(blank=True, verbose_name='message')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last sign of life')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('local_government', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sales_imports', to='districts.localgovernment', verbose_name='local government')),
                        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                    ],
                    options={
                        'verbose_name': 'sales import',
                        'verbose_name_plural': 'sales imports',
                        'db_table': 'dashboard_salesimport',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='SalesImportEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('cancelled', 'Cancelled'), ('retried', 'Retried')], max_length=20, verbose_name='kind')),
                        ('from_status', models.CharField(max_length=10, verbose_name='from status')),
                        ('to_status', models.CharField(max_length=10, verbose_name='to status')),
                        ('reason', models.TextField(blank=True, verbose_name='reason')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='time')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                        ('sales_import', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='history', to='sales.salesimport', verbose_name='sales import')),
                    ],
                    options={
                        'verbose_name': 'sales import event',
                        'verbose_name_plural': 'sales import events',
                        'db_table': 'dashboard_salesimportevent',
                        'ordering': ['sales_import', 'created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='SalesReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField(verbose_name='month')),
                        ('total_won', models.BigIntegerField(verbose_name='total sales (won)')),
                        ('onnuri_won', models.BigIntegerField(default=0, verbose_name='Onnuri takings (won)')),
                        ('transactions', models.PositiveIntegerField(default=0, verbose_name='transactions')),
                        ('source', models.CharField(choices=[('merchant', 'Reported by the merchant'), ('import', 'Imported by an official'), ('demo', 'Demo data')], default='merchant', max_length=10, verbose_name='source')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('reported_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('store', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sales_reports', to='merchants.store', verbose_name='store')),
                    ],
                    options={
                        'verbose_name': 'sales report',
                        'verbose_name_plural': 'sales reports',
                        'db_table': 'merchants_salesreport',
                        'ordering': ['store', '-month'],
                        'indexes': [models.Index(fields=['month'], name='merchants_s_month_cea2d0_idx')],
                        'constraints': [
                            models.UniqueConstraint(fields=('store', 'month'), name='one_sales_report_per_store_month'),
                            models.CheckConstraint(condition=models.Q(('total_won__gte', 0)), name='sales_total_not_negative'),
                            models.CheckConstraint(condition=models.Q(('onnuri_won__gte', 0)), name='sales_onnuri_not_negative'),
                            models.CheckConstraint(condition=models.Q(('onnuri_won__lte', models.F('total_won'))), name='sales_onnuri_within_total'),
                            models.CheckConstraint(condition=models.Q(('month__day', 1)), name='sales_month_is_first_day'),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name='SalesRevision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(max_length=10, verbose_name='source')),
                        ('before', models.JSONField(verbose_name='before')),
                        ('after', models.JSONField(verbose_name='after')),
                        ('reason', models.TextField(blank=True, verbose_name='reason')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='time')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='sales.salesreport', verbose_name='sales report')),
                        ('sales_import', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='revisions', to='sales.salesimport', verbose_name='sales import')),
                    ],
                    options={
                        'verbose_name': 'sales correction',
                        'verbose_name_plural': 'sales corrections',
                        'db_table': 'dashboard_salesrevision',
                        'ordering': ['report', '-created_at', '-id'],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to_sales, content_types_back),
    ]
