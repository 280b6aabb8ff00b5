"""Normalise a raw support ticket before it is shown to the classifier.

The cleaning is deliberately conservative: it removes quoted e-mail history and
signatures, masks e-mail addresses and long digit runs (card or phone numbers),
collapses whitespace and caps the length so one huge ticket cannot blow the
prompt budget.
"""
import re

from promptflow import tool

MAX_CHARS = 2000

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LONG_NUMBER = re.compile(r"\b(?:\d[ -]?){12,19}\b")
_REPLY_HEADER = re.compile(r"^\s*On .{3,120} wrote:\s*$", re.IGNORECASE)
_SIGNATURE = re.compile(r"^\s*(?:--\s*|sent from my .*)$", re.IGNORECASE)


def clean_ticket(ticket, max_chars=MAX_CHARS):
    """Return the cleaned ticket text (a single line of text)."""
    if ticket is None:
        return ""
    kept = []
    for line in str(ticket).splitlines():
        if _REPLY_HEADER.match(line) or _SIGNATURE.match(line):
            break  # everything below is history or a signature
        if line.lstrip().startswith(">"):
            continue  # quoted text from an earlier message
        kept.append(line)
    text = " ".join(kept)
    text = _EMAIL.sub("[email]", text)
    text = _LONG_NUMBER.sub("[number] ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars)
        text = text[: cut if cut > 0 else max_chars].rstrip() + " ..."
    return text


@tool
def preprocess(ticket: str) -> str:
    return clean_ticket(ticket)
