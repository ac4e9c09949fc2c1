"""Plan, PlanQuestion and CostItem now belong to the plans app (plans 0001).

State only: the tables and their rows stay; plans 0002 renames them.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("guide", "0001_initial"),
        ("plans", "0001_initial"),
        ("clinics", "0002_clinic_plan_in_plans_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="CostItem"),
                migrations.DeleteModel(name="PlanQuestion"),
                migrations.DeleteModel(name="Plan"),
            ],
        ),
    ]
