"""Domain errors raised by services and turned into messages by views and the API."""


class DomainError(Exception):
    """A business rule refused the action. The message is shown to the user."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class TransitionError(DomainError):
    """The record is not in a state that allows this change."""


class ConflictError(DomainError):
    """Someone else changed the record since the user loaded it (optimistic lock)."""
