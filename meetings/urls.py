from django.urls import path

import foundation.link_tokens  # noqa: F401 (registers <link_token:>)
from meetings import views

app_name = "meetings"
urlpatterns = [
    path("ticket/<link_token:token>/meetings/", views.ticket_request, name="ticket_request"),
    path("ticket/<link_token:token>/meetings/<int:meeting_id>/cancel/", views.ticket_cancel, name="ticket_cancel"),
    path("<slug:slug>/meetings/", views.event_meetings, name="event"),
    path("<slug:slug>/organise/meetings/", views.organise_meetings, name="organise"),
]
