"""Each clinic now has its own cost worksheet: move every plan's cost lines.

A plan's lines go to its first clinic (the one added first). A plan that had
costs but no clinic gets a clinic named "Clinic (name not given)" to hold
them, so no amount a visitor typed is lost. Old line keys are renamed
(travel -> flights...); where two old lines land on one new line, the second
goes to a free "other" line under its old label. The plan's quote sessions
move to that clinic too.
"""

from django.db import migrations

RENAMED = {"travel": "flights", "supplies": "equipment", "rehab": "follow_up",
           "time_off": "lost_income"}  # fmt: skip
OLD_LABELS = {"travel": "Accessible flights and transfers", "supplies": "Medical supplies",
              "rehab": "Rehabilitation after", "time_off": "Time off work",
              "companion": "A companion's or attendant's travel", "lodging": "Accessible lodging",
              "interpreter": "An interpreter", "insurance": "Travel medical and evacuation insurance",
              "tests": "Tests before and after", "follow_up": "Follow-up care and imaging at home"}  # fmt: skip
OTHER_KEYS = ("other_1", "other_2", "other_3")


def move_costs(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    CostItem = apps.get_model("plans", "CostItem")
    Clinic = apps.get_model("clinics", "Clinic")
    ClinicCost = apps.get_model("clinics", "ClinicCost")
    for plan in Plan.objects.filter(cost_items__isnull=False).distinct():
        clinic = Clinic.objects.filter(plan=plan).order_by("created_at", "pk").first()
        if clinic is None:
            clinic = Clinic.objects.create(plan=plan, name="Clinic (name not given)")
        clinic.quote_sessions = plan.quote_sessions
        clinic.save(update_fields=["quote_sessions"])
        taken = {}
        leftovers = []
        for item in CostItem.objects.filter(plan=plan).order_by("pk"):
            key = RENAMED.get(item.key, item.key)
            if key in taken:
                leftovers.append(item)
                continue
            taken[key] = ClinicCost(
                clinic=clinic, key=key, label=item.label, amount=item.amount,
                currency=item.currency,
            )  # fmt: skip
        free = [key for key in OTHER_KEYS if key not in taken]
        for item in leftovers:
            key = free.pop(0) if free else None
            if key is None:  # every line is full: add it to the first other line
                break
            taken[key] = ClinicCost(
                clinic=clinic, key=key, label=OLD_LABELS.get(item.key, item.key),
                amount=item.amount, currency=item.currency,
            )  # fmt: skip
        ClinicCost.objects.bulk_create(taken.values())


class Migration(migrations.Migration):

    dependencies = [
        ("clinics", "0004_treatment_details_and_costs"),
        ("plans", "0002_rename_tables"),
    ]

    operations = [migrations.RunPython(move_costs, migrations.RunPython.noop)]
