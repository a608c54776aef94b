from django.urls import path

import foundation.link_tokens  # noqa: F401 (registers <link_token:>)
from events import views
from events.feeds import UpcomingEventFeed

app_name = "events"
urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("feed.ics", views.calendar_feed, name="feed"),
    path("feed.atom", UpcomingEventFeed(), name="atom_feed"),
    path("district/<slug:district>/feed.atom", UpcomingEventFeed(), name="district_atom_feed"),
    path("ticket/<link_token:token>/", views.manage, name="manage"),
    path("ticket/<link_token:token>/cancel/", views.manage_cancel, name="cancel"),
    path("ticket/<link_token:token>/sessions/", views.manage_sessions, name="sessions"),
    path("ticket/<link_token:token>/event.ics", views.ticket_calendar, name="ticket_calendar"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/event.ics", views.event_calendar_file, name="calendar"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register/sent/", views.registration_sent, name="registration_sent"),
    path("<slug:slug>/register/manage-link/", views.manage_link_send, name="manage_link"),
    path("<slug:slug>/organise/", views.organise, name="organise"),
    path("<slug:slug>/organise/questions/", views.organise_questions, name="questions"),
    path("<slug:slug>/organise/messages/", views.organise_messages, name="messages"),
    path("<slug:slug>/organise/codes/", views.organise_codes, name="codes"),
    path("<slug:slug>/organise/codes/withdraw/", views.codes_withdraw, name="codes_withdraw"),
    path("<slug:slug>/organise/codes.csv", views.codes_export, name="codes_export"),
    path("<slug:slug>/organise/attendees.csv", views.attendee_export, name="export"),
    path("<slug:slug>/organise/badges.pdf", views.attendee_badges, name="badges"),
    path("<slug:slug>/organise/check-in/", views.check_in, name="check_in"),
    path(
        "<slug:slug>/organise/waiting-list/<int:registration_id>/move-up/",
        views.waiting_list_move_up,
        name="waiting_list_move_up",
    ),
]
