"""Signals of the directory for what its bulk writes change, as a bulk update sends no save signals."""

from django.dispatch import Signal

# Sent with sender=Enterprise and record_ids, the listings whose state a bulk update changed.
states_changed = Signal()
