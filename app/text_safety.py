"""Text made fit for XML, the one cleaner for text stored before control characters were refused.

XML 1.0 cannot hold most C0 control characters (a vertical tab pasted from Word, a bell), nor
U+FFFE/U+FFFF or lone surrogates, and python-docx refuses them with an error. The API refuses
control characters now (app.schemas.Strict), but boards stored before that, and imported
files, may still hold them: the renderers, the drafted minutes and the import of stored minutes
pass text through `xml_safe`, which drops them, so such a board still exports.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

T = TypeVar("T")

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def xml_safe(value: T) -> T:
    """`value` with every string in it (inside dataclasses, dicts, lists and tuples) made fit
    for XML; everything else as it was."""
    out: Any
    if isinstance(value, str):
        out = xml_text(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        out = dataclasses.replace(value, **changes)
    elif isinstance(value, dict):
        out = {xml_safe(k): xml_safe(v) for k, v in value.items()}
    elif isinstance(value, list):
        out = [xml_safe(v) for v in value]
    elif isinstance(value, tuple):
        out = tuple(xml_safe(v) for v in value)
    else:
        out = value
    return out  # type: ignore[no-any-return]
