from django.urls import path

from . import views

app_name = "clinics"

urlpatterns = [
    path("", views.clinic_list, name="index"),
    path("add/", views.add_clinic, name="add"),
    path("compare/", views.compare, name="compare"),
    path("advert/", views.advert, name="advert"),
    path("advert/keep/", views.advert_save, name="advert_save"),
    path("<uuid:public_id>/key-questions/", views.key_questions, name="key_questions"),
    path("<uuid:public_id>/", views.checklist, name="checklist"),
    path("<uuid:public_id>/edit/", views.edit_clinic, name="edit"),
    path("<uuid:public_id>/remove/", views.remove_clinic, name="remove"),
    path("<uuid:public_id>/group/<int:number>/", views.group, name="group"),
    path("<uuid:public_id>/group/<int:number>/save/", views.save_group, name="save_group"),
    path("<uuid:public_id>/answers/<slug:slug>/", views.answer, name="answer"),
    path("<uuid:public_id>/costs/", views.costs, name="costs"),
]
