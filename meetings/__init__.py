"""Meetings at investment events: desks, their time slots, and the meetings attendees request."""
