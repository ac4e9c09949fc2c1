from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("glossary/", views.glossary, name="glossary"),
    path("sources/", views.sources, name="sources"),
    path("about/", views.about, name="about"),
    path("about/report/", views.report_mistake, name="report_mistake"),
    path("start-here/", views.start_here, name="start_here"),
    path("timeline/how-long/", views.timeline_months, name="timeline_months"),
    path("<slug:slug>/", views.section_detail, name="section"),
    path("<slug:slug>/more/", views.section_more, name="section_detail"),
]
