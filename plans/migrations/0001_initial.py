"""Move Plan, PlanQuestion and CostItem from guide into this app.

Only Django's idea of where the models live changes here: the tables keep
their names (guide_plan...) until 0002 renames them, so every plan, answer
and cost made before the move is still there afterwards.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("guide", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Plan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(editable=False, max_length=64, unique=True)),
                        ('resume_code', models.CharField(editable=False, max_length=120, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('last_used_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('injury_level', models.CharField(blank=True, choices=[('cervical', 'Neck (cervical)'), ('thoracic', 'Chest or upper back (thoracic)'), ('lumbar_sacral', 'Lower back (lumbar or sacral)'), ('not_sure', 'Not sure'), ('prefer_not', 'Prefer not to say')], max_length=20, verbose_name='Level of injury')),
                        ('ais_grade', models.CharField(blank=True, choices=[('A', 'A: no feeling or movement kept at the lowest part of the spine'), ('B', 'B: some feeling kept, no movement'), ('C', 'C: some movement kept, most muscles weak'), ('D', 'D: some movement kept, at least half of muscles strong'), ('E', 'E: feeling and movement test as normal'), ('not_sure', 'Not sure'), ('prefer_not', 'Prefer not to say')], max_length=20, verbose_name='Completeness (AIS grade)')),
                        ('months_since_injury', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='Months since injury')),
                        ('age_band', models.CharField(blank=True, choices=[('under_18', 'Under 18'), ('18_29', '18 to 29'), ('30_44', '30 to 44'), ('45_59', '45 to 59'), ('60_74', '60 to 74'), ('75_up', '75 or older'), ('prefer_not', 'Prefer not to say')], max_length=20, verbose_name='Age')),
                        ('rehabilitation', models.CharField(blank=True, choices=[('none', 'None right now'), ('home', 'Exercises at home'), ('outpatient', 'Outpatient therapy'), ('intensive', 'An intensive program'), ('prefer_not', 'Prefer not to say')], max_length=20, verbose_name='Current rehabilitation')),
                        ('rehabilitation_details', models.CharField(blank=True, max_length=500, verbose_name='About your rehabilitation')),
                        ('priorities', models.JSONField(blank=True, default=dict)),
                        ('notes', models.TextField(blank=True, max_length=5000, verbose_name='My notes')),
                        ('currency', models.CharField(default='USD', max_length=3, verbose_name='Show totals in')),
                        ('exchange_rate', models.DecimalField(blank=True, decimal_places=4, max_digits=10, null=True, verbose_name='Mexican pesos for 1 US dollar')),
                        ('quote_sessions', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='Number of sessions the quote covers')),
                    ],
                    options={
                        'db_table': 'guide_plan',
                        'verbose_name': 'plan',
                        'verbose_name_plural': 'plans',
                    },
                ),
                migrations.CreateModel(
                    name='PlanQuestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('audience', models.CharField(choices=[('clinic', 'the clinic'), ('doctor', 'your own doctor')], max_length=10, verbose_name='ask')),
                        ('text', models.CharField(max_length=400, verbose_name='Your question')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='own_questions', to='plans.plan')),
                    ],
                    options={
                        'db_table': 'guide_planquestion',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AddField(
                    model_name='plan',
                    name='saved_questions',
                    field=models.ManyToManyField(blank=True, related_name='+', to='guide.question'),
                ),
                migrations.CreateModel(
                    name='CostItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.SlugField(max_length=40)),
                        ('label', models.CharField(blank=True, max_length=120)),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12)),
                        ('currency', models.CharField(default='USD', max_length=3)),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cost_items', to='plans.plan')),
                    ],
                    options={
                        'db_table': 'guide_costitem',
                        'constraints': [models.UniqueConstraint(fields=('plan', 'key'), name='one_cost_item_per_line')],
                    },
                ),
            ],
        ),
    ]
