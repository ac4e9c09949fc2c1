"""Who the plan speaks for: "I", "my son" or "the patient".

A mother filling in the plan for her son should not hand a doctor a PDF that
says "I". Each phrase is a whole, lazily translated sentence (never glued
from parts), so it reads naturally and translates as a unit.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Plan

FilledInBy = Plan.FilledInBy


@dataclass(frozen=True)
class Voice:
    about_heading: Promise
    priorities_heading: Promise
    pdf_title: Promise
    prepared_by: Promise  # takes %(date)s
    doctor_questions: Promise
    is_self: bool = False


VOICES = {
    FilledInBy.SELF: Voice(
        about_heading=_("About me"),
        priorities_heading=_("What matters most to me"),
        pdf_title=_("For my doctor: a treatment I am considering"),
        prepared_by=_("Prepared by me on %(date)s with an independent guide."),
        doctor_questions=_("Questions for my doctor"),
        is_self=True,
    ),
    FilledInBy.SON: Voice(
        about_heading=_("About my son"),
        priorities_heading=_("What matters most to my son"),
        pdf_title=_("For our doctor: a treatment my son is considering"),
        prepared_by=_("Prepared on %(date)s by a parent, with an independent guide."),
        doctor_questions=_("Questions for our doctor"),
    ),
    FilledInBy.DAUGHTER: Voice(
        about_heading=_("About my daughter"),
        priorities_heading=_("What matters most to my daughter"),
        pdf_title=_("For our doctor: a treatment my daughter is considering"),
        prepared_by=_("Prepared on %(date)s by a parent, with an independent guide."),
        doctor_questions=_("Questions for our doctor"),
    ),
    FilledInBy.PARTNER: Voice(
        about_heading=_("About my partner"),
        priorities_heading=_("What matters most to my partner"),
        pdf_title=_("For our doctor: a treatment my partner is considering"),
        prepared_by=_("Prepared on %(date)s by a partner, with an independent guide."),
        doctor_questions=_("Questions for our doctor"),
    ),
    FilledInBy.PARENT: Voice(
        about_heading=_("About my parent"),
        priorities_heading=_("What matters most to my parent"),
        pdf_title=_("For our doctor: a treatment my parent is considering"),
        prepared_by=_("Prepared on %(date)s by a son or daughter, with an independent guide."),
        doctor_questions=_("Questions for our doctor"),
    ),
    FilledInBy.CARER: Voice(
        about_heading=_("About the patient"),
        priorities_heading=_("What matters most to the patient"),
        pdf_title=_("For the doctor: a treatment the patient is considering"),
        prepared_by=_("Prepared on %(date)s by the patient's carer, with an independent guide."),
        doctor_questions=_("Questions for the doctor"),
    ),
}


def voice_for(plan: Plan | None) -> Voice:
    """The voice for a plan; one that has not said who fills it in speaks as "I"."""
    return VOICES.get(getattr(plan, "filled_in_by", "") or FilledInBy.SELF, VOICES["self"])
