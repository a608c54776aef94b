"""Demo rows that respect what bureau staff changed: created when missing, overwritten only on request."""


def demo_row(model, *, defaults: dict, reset: bool, **lookup):
    """The demo row found by `lookup`: created from `defaults` when missing; updated from them only
    when `reset` is asked for, so `make run` never undoes an edit made in the admin. Returns (row, created)."""
    if reset:
        return model.objects.update_or_create(defaults=defaults, **lookup)
    return model.objects.get_or_create(defaults=defaults, **lookup)
