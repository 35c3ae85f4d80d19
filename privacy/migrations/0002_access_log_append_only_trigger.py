"""PostgreSQL refuses to change or delete access-log rows even through raw SQL.

Allowed: the actor becoming NULL when its account is deleted (the user name stays), and deleting rows
older than two years (the retention task). TRUNCATE (test database flushes) is not a row operation.
SQLite (development) relies on the model and queryset guards only.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION privacy_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.created_at >= now() - interval '730 days' THEN
            RAISE EXCEPTION 'privacy_accesslog is append-only: rows younger than two years cannot be deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'privacy_accesslog is append-only: rows cannot be changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_accesslog_append_only
    BEFORE UPDATE OR DELETE ON privacy_accesslog
    FOR EACH ROW EXECUTE FUNCTION privacy_accesslog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS privacy_accesslog_append_only ON privacy_accesslog;
DROP FUNCTION IF EXISTS privacy_accesslog_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_access_log")]

    operations = [migrations.RunPython(forwards, backwards)]
