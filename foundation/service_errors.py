"""The error every service raises when its rules refuse a request."""


class ServiceError(Exception):
    """A refused request: `code` names the reason, `message` is its translated text.

    Each app subclasses it with `messages`, its own dict of translated texts by code, kept at the
    top of its services module; views show `message` and decide on `code`.
    """

    messages: dict = {}

    def __init__(self, code: str):
        self.code = code
        super().__init__(str(self.messages[code]))

    @property
    def message(self):
        return self.messages[self.code]
