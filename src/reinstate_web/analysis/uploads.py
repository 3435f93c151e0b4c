"""Streaming guard for exports: a file larger than the limit is dropped while it arrives.

Django hands each chunk of a multipart body to the upload handlers in order. This handler sits
first and counts the bytes of the current file; once a file passes the limit it raises
``SkipFile``, so Django discards the rest of that file (its temporary file is closed and
removed) and carries on with the next one. Nothing oversized is ever held in memory or kept on
disk, and the view learns which files were refused from ``refused``.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile, TemporaryFileUploadHandler
from django.http import HttpRequest


class SizeLimitHandler(FileUploadHandler):
    """Refuses any single file above ``max_bytes`` (names collected in ``refused``)."""

    def __init__(self, request: HttpRequest | None, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.refused: list[str] = []
        self._announced_too_big = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        # Some clients send a per-part length. Refuse on the first chunk, not here: SkipFile
        # raised before the next handler opened this file would close the previous one.
        self._announced_too_big = (
            self.content_length is not None and self.content_length > self.max_bytes
        )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if self._announced_too_big or start + len(raw_data) > self.max_bytes:
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (to disk) builds the file

    def _refuse(self) -> None:
        self.refused.append(str(self.file_name or ""))
        raise SkipFile


def install(request: HttpRequest, max_bytes: int) -> SizeLimitHandler:
    """Stream every uploaded file of this request to a temporary file, refusing big ones.

    Call before anything reads ``request.POST`` or ``request.FILES``.
    """
    guard = SizeLimitHandler(request, max_bytes)
    request.upload_handlers = [guard, TemporaryFileUploadHandler(request)]
    return guard
