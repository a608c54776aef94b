"""Ticket and invitation codes: typed by people, guessed by nobody."""

from collections import Counter

from events.models import (
    INVITATION_CODE_LENGTH,
    TICKET_CODE_ALPHABET,
    TICKET_CODE_LENGTH,
    new_invitation_code,
    new_ticket_code,
)


def test_ticket_codes_use_every_letter_in_every_place_and_never_repeat():
    codes = [new_ticket_code() for _ in range(3000)]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == TICKET_CODE_LENGTH and set(code) <= set(TICKET_CODE_ALPHABET) for code in codes)
    for place in range(TICKET_CODE_LENGTH):
        counts = Counter(code[place] for code in codes)
        # About 94 of each; every letter in every place, none far more often than the others.
        assert set(counts) == set(TICKET_CODE_ALPHABET)
        assert max(counts.values()) < 3 * min(counts.values())
    # Each place drawn apart from its neighbour: the same letter twice in a row about once in 32 codes.
    for place in range(TICKET_CODE_LENGTH - 1):
        assert sum(code[place] == code[place + 1] for code in codes) < len(codes) / 10


def test_invitation_codes_are_shorter_and_from_the_same_letters():
    codes = {new_invitation_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(code) == INVITATION_CODE_LENGTH and set(code) <= set(TICKET_CODE_ALPHABET) for code in codes)
    assert "0" not in "".join(codes) and "O" not in "".join(codes)
