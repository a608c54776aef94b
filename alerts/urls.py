from django.urls import path

import foundation.link_tokens  # noqa: F401 (registers <link_token:>)
from alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("sent/", views.sent, name="sent"),
    path("confirm/<link_token:token>/", views.confirm, name="confirm"),
    path("manage/<link_token:token>/", views.manage, name="manage"),
    path("unsubscribe/<link_token:token>/", views.unsubscribe, name="unsubscribe"),
]
