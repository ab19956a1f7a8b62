"""Reading a generated .docx back, for the document tests."""
from __future__ import annotations

import io
from typing import Any

import docx


def open_doc(data: bytes) -> Any:
    """Open .docx bytes with python-docx."""
    return docx.Document(io.BytesIO(data))


def body_text(document: Any) -> str:
    """Return the text of the body's paragraphs and table cells, one per line."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)
