from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("glossary/", views.glossary, name="glossary"),
    path("sources/", views.sources, name="sources"),
    path("about/", views.about, name="about"),
    path("timeline/how-long/", views.timeline_months, name="timeline_months"),
    path("<slug:slug>/", views.section_detail, name="section"),
]
