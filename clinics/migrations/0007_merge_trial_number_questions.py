"""Two checklist questions asked the same thing twice ("did they give a trial
number?" then "did that number match?"); the second now asks both. An answer
given only to the first moves to the second, then the first is removed."""

from django.db import migrations


def merge(apps, schema_editor):
    CheckQuestion = apps.get_model("clinics", "CheckQuestion")
    ClinicAnswer = apps.get_model("clinics", "ClinicAnswer")
    old = CheckQuestion.objects.filter(slug="trial-registration-number").first()
    kept = CheckQuestion.objects.filter(slug="trial-matches", language=getattr(old, "language", "en")).first()
    if old is None:
        return
    if kept is not None:
        answered = set(ClinicAnswer.objects.filter(question=kept).values_list("clinic_id", flat=True))
        ClinicAnswer.objects.filter(question=old).exclude(clinic_id__in=answered).update(question=kept)
    old.delete()  # and any answer left on it, which the kept question already holds


class Migration(migrations.Migration):

    dependencies = [("clinics", "0006_answer_may_be_a_note_alone")]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
