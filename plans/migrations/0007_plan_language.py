"""The plan's language: a sealed column, empty (NULL) for plans made before it.

A sealed default cannot be written without each plan's key, so the column is
added nullable; a plan gets its language the next time it is opened.
"""

from django.db import migrations, models

import plans.fields


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_seal_existing_plans"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddField(
                    model_name="plan", name="language", field=models.TextField(null=True)
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="plan",
                    name="language",
                    field=plans.fields.SealedCharField(blank=True, editable=False, max_length=10),
                )
            ],
        )
    ]
