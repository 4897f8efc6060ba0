"""Errors raised while turning a file into text.

A file that cannot be read is not a crash: the corpus walk catches :class:`UnreadableDocument`, turns
it into a :class:`~countertrial.model.Problem` naming the file, and goes on with the others. So the
message must make sense to an investigator on its own ("no text layer (scanned?)"), not to a programmer.
"""

from __future__ import annotations


class UnreadableDocument(Exception):
    """The file exists but yields no usable text; ``str(err)`` is the plain-language reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
