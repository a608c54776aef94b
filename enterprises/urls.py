from django.urls import path

from enterprises import submission_views, views

app_name = "enterprises"
urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="list"),
    # Before the profile pattern, which would otherwise take "submit" for a company's slug.
    path("submit/", submission_views.submit, name="submit"),
    path("submit/thanks/", submission_views.submitted, name="submitted"),
    path("<slug:slug>/", views.EnterpriseDetailView.as_view(), name="detail"),
]
