"""Seal every plan made before plans were encrypted, in place.

Each existing plan gets its own data key, wrapped under its link's token and
under its resume code (the only times the server sees them in the clear,
because they were stored in the clear until now); then every visitor field
of the plan, its questions, clinics, answers, costs and advert findings is
rewritten sealed. Raw SQL, because the models' sealed fields would try to
open the plain text the columns still hold.
"""

import decimal
import json

from django.db import migrations, models

from plans import crypto
from plans.fields import SealedMixin, seal_value

# (app, model, how its rows belong to plan %s)
OWNED_ROWS = [
    ("plans", "Plan", "id = %s"),
    ("plans", "PlanQuestion", "plan_id = %s"),
    ("clinics", "Clinic", "plan_id = %s"),
    ("clinics", "ClinicAnswer", "clinic_id IN (SELECT id FROM {clinics} WHERE plan_id = %s)"),
    ("clinics", "ClinicCost", "clinic_id IN (SELECT id FROM {clinics} WHERE plan_id = %s)"),
    ("clinics", "AdvertFinding", "clinic_id IN (SELECT id FROM {clinics} WHERE plan_id = %s)"),
]


def plain_value(field, raw):
    """What the column held as text, as the Python value the field expects."""
    if raw is None:
        return None
    if isinstance(field, models.JSONField):
        return json.loads(raw) if isinstance(raw, str) else raw
    if isinstance(field, models.IntegerField):
        return int(raw)
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(str(raw))
    return str(raw)


def seal_rows(cursor, quote, model, where, plan_id, key, clinics_table):
    fields = [f for f in model._meta.concrete_fields if isinstance(f, SealedMixin)]
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(model._meta.db_table)
    where = where.format(clinics=clinics_table)
    cursor.execute(f"SELECT id, {columns} FROM {table} WHERE {where}", [plan_id])  # noqa: S608
    for row_id, *values in cursor.fetchall():
        sealed = [
            seal_value(plain_value(field, raw), key, field.seal_context)
            for field, raw in zip(fields, values, strict=True)
        ]
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
        cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
            [*sealed, row_id],
        )


def seal_existing_plans(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    PlanKey = apps.get_model("plans", "PlanKey")
    quote = schema_editor.connection.ops.quote_name
    clinics_table = quote(apps.get_model("clinics", "Clinic")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, token, resume_code FROM {quote(Plan._meta.db_table)}")  # noqa: S608
        for plan_id, token, code in cursor.fetchall():
            data_key = crypto.new_data_key()
            salt = crypto.new_salt()
            PlanKey.objects.bulk_create(
                [
                    PlanKey(
                        plan_id=plan_id,
                        kind="link",
                        lookup_hash=crypto.lookup_hash("link", token),
                        wrapped_key=crypto.wrap(data_key, crypto.key_from_token("link", token)),
                    ),
                    PlanKey(
                        plan_id=plan_id,
                        kind="code",
                        lookup_hash=crypto.lookup_hash("code", code),
                        wrapped_key=crypto.wrap(data_key, crypto.key_from_code(code, salt)),
                        salt=salt,
                    ),
                ]
            )
            for app_label, model_name, where in OWNED_ROWS:
                model = apps.get_model(app_label, model_name)
                seal_rows(cursor, quote, model, where, plan_id, data_key, clinics_table)


def refuse_to_unseal(apps, schema_editor):
    """Going back is possible only with no plans: the plain text is gone,
    and nobody but each plan's holder can open it (restore a backup instead)."""
    if apps.get_model("plans", "Plan").objects.exists():
        raise RuntimeError("Sealed plans cannot be turned back into plain text.")


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_seal_visitor_fields"),
        ("clinics", "0009_seal_visitor_fields"),
    ]

    operations = [migrations.RunPython(seal_existing_plans, refuse_to_unseal)]
