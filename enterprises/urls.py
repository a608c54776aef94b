from django.urls import path

from enterprises import submission_views

app_name = "enterprises"
urlpatterns = [
    path("submit/", submission_views.submit, name="submit"),
    path("submit/thanks/", submission_views.submitted, name="submitted"),
    # Replaced by the directory's profile page; it must stay after "submit/".
    path("<slug:slug>/", submission_views.profile_placeholder, name="detail"),
]
