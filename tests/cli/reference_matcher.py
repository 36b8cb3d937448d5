"""An independent Python implementation of mailscope's phrase matching, for literal terms.

It follows the rules as documented (mailscope-policy(5): NORMALISATION, FROM A HIT TO A FLAG;
the whole-word rule in lib/mailscope/policy/ruleset.hpp), not mailscope's code:

1. Normalisation, character by character: each character of the Basic Multilingual Plane is
   replaced by its NFKC_Casefold form, computed here with Python's unicodedata (NFKC, full case
   folding, NFKC again, default-ignorable characters removed); characters beyond U+FFFF stay as
   they are. Then white space and punctuation (Unicode White_Space, general category P*, and
   every ASCII character that is neither a letter nor a digit) between two Han characters are
   dropped. A character's folded form decides whether it is Han or a separator when the form
   is a single character; otherwise the original character does.
2. Every occurrence of every term (normalised the same way) in the normalised text of a
   field, overlapping occurrences included, that stands as a whole word at its ASCII edges:
   a term that starts (ends) with an ASCII letter, digit or _ counts only where no such
   character comes before (after) it, except that an English inflection (s, es, d, ed, ing)
   that ends the word may follow, and is then part of the occurrence ("price" finds
   "prices"). Chinese terms have no such edges and are found inside longer text.
3. Per rule and field, occurrences in order of start (the longest first at one start); one
   that starts inside the previous finding of the rule is dropped.
4. Offsets are UTF-8 byte offsets in the original field text, from the first character a
   finding's normalised text came from to the end of the last one.

Only what the corpus test's policies use is covered: literal terms, no near phrases, no
exceptions, no allowed tier, skip_quoted and skip_forwarded off, no Traditional folding.

For speed on whole corpora, terms of three shapes are found through the tokens of the text
(an [a-z]+ word is a whole [a-z0-9_]+ token, or one with an inflection; "word word" is two
such tokens with one space between; a Han-only term is found inside a run of Han characters);
any other term with str.find.
"""
import re
import unicodedata

# Default_Ignorable_Code_Point in the BMP (Unicode DerivedCoreProperties.txt).
_IGNORABLE_RANGES = [
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
]


def _ignorable(cp):
    for lo, hi in _IGNORABLE_RANGES:
        if lo <= cp <= hi:
            return True
    return False


_fold_cache = {}


def fold_char(ch):
    """NFKC_Casefold of one character (BMP only; ASCII just lower-cased)."""
    cp = ord(ch)
    if cp < 0x80:
        return ch.lower()
    if cp > 0xFFFF:
        return ch
    r = _fold_cache.get(ch)
    if r is None:
        if _ignorable(cp):
            r = ""
        else:
            s = ch
            for _ in range(4):  # to a fixed point
                t = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", s).casefold())
                t = "".join(c for c in t if not _ignorable(ord(c)))
                if t == s:
                    break
                s = t
            r = s
        _fold_cache[ch] = r
    return r


_han_cache = {}


def is_han(ch):
    """A CJK unified or compatibility ideograph, by its Unicode name."""
    r = _han_cache.get(ch)
    if r is None:
        if ord(ch) < 0x2E80:
            r = False
        else:
            name = unicodedata.name(ch, "")
            r = name.startswith("CJK UNIFIED IDEOGRAPH-") or \
                name.startswith("CJK COMPATIBILITY IDEOGRAPH-")
        _han_cache[ch] = r
    return r


def is_separator(ch):
    cp = ord(ch)
    if cp < 0x80:
        return ch in " \t\r\n" or (0x20 < cp < 0x7F and not ch.isalnum())
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def normalize_with_origin(text):
    """(normalised text, origin): origin[i] is the index in `text` of the character that
    normalised character i came from."""
    if text.isascii():
        return _collapse_spaces(list(text.lower()), list(range(len(text))))
    out = []
    origin = []
    last_han = False
    pending = -1  # where separators after a Han character start in `out`
    for i, ch in enumerate(text):
        rep = fold_char(ch)
        if rep == "":
            continue  # removed by NFKC_Casefold: as if it had never been there
        eff = rep if len(rep) == 1 else ch
        han = is_han(eff)
        if last_han and not han and is_separator(eff):
            if pending < 0:
                pending = len(out)
            out.extend(rep)
            origin.extend([i] * len(rep))
            continue
        if han and pending >= 0:
            del out[pending:]
            del origin[pending:]
        pending = -1
        last_han = han
        out.extend(rep)
        origin.extend([i] * len(rep))
    return _collapse_spaces(out, origin)


def _collapse_spaces(out, origin):
    """Any run of white space (ASCII, or what NFKC folds to a space) is one space, at the
    place of the run's first character."""
    text, orig = [], []
    for ch, o in zip(out, origin):
        sp = ch in " \t\r\n"
        if sp and text and text[-1] == " ":
            continue
        text.append(" " if sp else ch)
        orig.append(o)
    return "".join(text), orig


def normalize(text):
    return normalize_with_origin(text)[0]


_TOKEN = re.compile(r"[a-z0-9_]+")
_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")
_WORD = re.compile(r"[a-z]+\Z")
_PHRASE = re.compile(r"([a-z]+) ([a-z]+)\Z")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


_INFLECTIONS = ("ing", "es", "ed", "s", "d")


def _stems(token):
    """The token itself, and the token without each inflection it ends with."""
    out = [token]
    for suffix in _INFLECTIONS:
        if len(token) > len(suffix) and token.endswith(suffix):
            out.append(token[:-len(suffix)])
    return out


def _word_end(norm, end):
    """Where an occurrence that ends in a word character at `end` really ends: `end` when
    the word ends there, after an inflection that ends the word, else -1 (no occurrence)."""
    if end == len(norm) or norm[end] not in _WORD_CHARS:
        return end
    for suffix in _INFLECTIONS:
        f = end + len(suffix)
        if norm.startswith(suffix, end) and (f == len(norm) or norm[f] not in _WORD_CHARS):
            return f
    return -1


class Matcher:
    """rules: [(rule id, [term, ...])] in policy order."""

    def __init__(self, rules):
        self.rules = [r for r, _ in rules]
        self.words = {}     # normalised [a-z]+ term -> [rule index]
        self.phrases = {}   # first word -> [(second word, rule index)]
        self.han = {}       # Han-only term -> [rule index]
        self.other = []     # (term, rule index)
        for ri, (_rule, terms) in enumerate(rules):
            for t in terms:
                n = normalize(t)
                if not n:
                    continue
                if _WORD.match(n):
                    self.words.setdefault(n, []).append(ri)
                elif _PHRASE.match(n):
                    a, b = _PHRASE.match(n).groups()
                    self.phrases.setdefault(a, []).append((b, ri))
                elif all(is_han(c) and _HAN_RUN.match(c) for c in n):
                    self.han.setdefault(n, []).append(ri)
                else:
                    self.other.append((n, ri))
        self.han_lengths = sorted({len(h) for h in self.han})
        self._han_cache = {}

    def _han_hits(self, run):
        r = self._han_cache.get(run)
        if r is None:
            r = []
            n = len(run)
            for ln in self.han_lengths:
                if ln > n:
                    break
                for i in range(n - ln + 1):
                    rs = self.han.get(run[i:i + ln])
                    if rs:
                        for ri in rs:
                            r.append((i, ln, ri))
            if len(self._han_cache) < 200000:
                self._han_cache[run] = r
        return r

    def hits(self, norm):
        """Every occurrence in normalised text: [(start, end, rule index)], char offsets.

        A term that starts with an ASCII letter, digit or _ counts only where no such
        character comes before it; one that ends with one only where none comes after it, or
        where an English inflection (s, es, d, ed, ing) follows and then the word ends, the
        inflection then being part of the occurrence.
        """
        out = []
        if self.words or self.phrases:
            words, phrases = self.words, self.phrases
            for m in _TOKEN.finditer(norm):
                tok = m.group()
                for stem in _stems(tok):
                    rs = words.get(stem)
                    if rs:
                        for ri in rs:
                            out.append((m.start(), m.end(), ri))
                ps = phrases.get(tok)
                if ps:
                    e = m.end()
                    for b, ri in ps:
                        if norm.startswith(" " + b, e):
                            f = _word_end(norm, e + 1 + len(b))
                            if f >= 0:
                                out.append((m.start(), f, ri))
        if self.han and not norm.isascii():
            for m in _HAN_RUN.finditer(norm):
                p = m.start()
                for i, ln, ri in self._han_hits(m.group()):
                    out.append((p + i, p + i + ln, ri))
        for t, ri in self.other:
            head, tail = t[0] in _WORD_CHARS, t[-1] in _WORD_CHARS
            at = norm.find(t)
            while at >= 0:
                end = at + len(t)
                if not (head and at > 0 and norm[at - 1] in _WORD_CHARS):
                    if tail:
                        end = _word_end(norm, end)
                    if end >= 0:
                        out.append((at, end, ri))
                at = norm.find(t, at + 1)
        return out

    def findings(self, text):
        """Findings in one field's text: [(rule id, start byte, end byte, matched text)]."""
        norm, origin = normalize_with_origin(text)
        hits = self.hits(norm)
        if not hits:
            return []
        hits.sort(key=lambda h: (h[2], h[0], -h[1]))
        chosen = []
        last_rule, last_end = -1, 0
        for s, e, ri in hits:
            if ri != last_rule:
                last_rule, last_end = ri, 0
            if s < last_end:
                continue
            last_end = e
            chosen.append((s, e, ri))
        out = []
        for s, e, ri in chosen:
            if origin is None:
                a, b = s, e
            else:
                a, b = origin[s], origin[e - 1] + 1
            out.append((self.rules[ri], len(text[:a].encode()), len(text[:b].encode()),
                        text[a:b]))
        return out
