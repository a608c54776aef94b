"""Values computed once and kept in this process, in a store of bounded size.

The store is a plain dict of its caller's (its keys say what a value depends on: a content version, a row's
`updated_at`, a language); once it holds `limit` values it is emptied whole rather than sorted by age, since
the values of old keys (earlier versions) are never asked for again and the rest are computed anew once.
"""


def kept(store: dict, limit: int, key, compute):
    """store[key], computed by compute() and kept when missing."""
    try:
        return store[key]
    except KeyError:
        if len(store) >= limit:
            store.clear()
        value = store[key] = compute()
        return value
