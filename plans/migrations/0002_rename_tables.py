"""Give the moved tables this app's names (guide_plan -> plans_plan...).

A rename keeps every row; AlterModelTable also renames the plan's
saved-questions join table.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0001_initial"),
        ("guide", "0002_plans_moved_to_plans_app"),
    ]

    operations = [
        migrations.AlterModelTable(name="plan", table=None),
        migrations.AlterModelTable(name="planquestion", table=None),
        migrations.AlterModelTable(name="costitem", table=None),
    ]
