"""No e-mail address is ever imported: one detection for every string of the document, obfuscated forms included."""

import re
import unicodedata

# After NFKC (the full-width ＠ U+FF20 and the small ﹫ U+FE6B become « @ »): « @ » or its URL and HTML escapes
# between a local part and anything word-like; spaced out, or « at » / « arobase » in brackets, only before a domain
# with its dot (written or bracketed too), so that ordinary French text (« Suivez @inet ») never matches.
AT = r"(?:@|%40|&#0*64;|&#x0*40;|&commat;)"
BRACKETED = r"[(\[{<]\s*(?:at|arobase)\s*[)\]}>]"
DOT = r"(?:\.|[(\[{<]\s*(?:dot|point)\s*[)\]}>])"
EMAIL_RE = re.compile(rf"[\w.+-](?:{AT}[\w-]|\s*(?:{AT}|{BRACKETED})\s*[\w-]+\s*{DOT}\s*\w)", re.IGNORECASE)


def contains_email(text):
    """True when ``text`` holds an e-mail address, written plainly or disguised (``nom (at) ville.fr``)."""
    normalised = unicodedata.normalize("NFKC", text)
    return bool(EMAIL_RE.search(normalised))
