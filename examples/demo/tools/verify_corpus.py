#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Sanity checks for examples/demo/mail (standard library only).

    python3 examples/demo/tools/verify_corpus.py

* the files on disk are exactly what make_corpus.py generates (determinism / not hand-edited)
* every message file parses with the `email` package and has Date/From/To/Subject/Message-ID
* zhang.wei.mbox splits into the expected number of messages with mailbox.mbox, and
  mboxrd-unescaping gives back the original message bytes
* every text part decodes to exactly the text the generator wrote, using the declared
  charset -- except the deliberate traps, which must need exactly the documented fallback
* subjects and attachment filenames decode (RFC 2047 / RFC 2231)
* PNG / PDF attachments are well-formed; the fake PII passes its check-digit algorithms
* the one cross-source duplicate is byte-identical apart from Status/X-Status
"""

import email
import email.header
import email.policy
import mailbox
import os
import re
import struct
import sys
import zlib
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_corpus as mc  # noqa: E402

OUT = mc.OUT
PY = {'gb2312': 'gb2312', 'gbk': 'gbk', 'gb18030': 'gb18030', 'big5': 'big5', 'utf-8': 'utf-8',
      'us-ascii': 'ascii', 'iso-8859-1': 'latin-1', 'windows-1252': 'cp1252'}

# deliberate traps: key -> how a robust importer has to decode the body
EXPECTED_TRAPS = {
    'R1': 'gb2312 label, GBK bytes', 'R3': 'gb2312 label, GBK bytes', 'CW2': 'gb2312 label, GBK bytes',
    'CI2': 'gb2312 label, GBK bytes',
    'X1': 'no MIME headers, raw GBK', 'X2': 'iso-8859-1 label, GBK bytes',
}

problems = []


def fail(msg):
    problems.append(msg)
    print('FAIL:', msg)


def decode_text(part):
    """Decode like a careful importer: declared charset first, then documented fallbacks."""
    raw = part.get_payload(decode=True)
    cs = part.get_content_charset()
    if cs is None:
        return raw.decode('gbk'), 'no charset -> gbk'
    try:
        txt = raw.decode(PY[cs])
    except UnicodeDecodeError:
        if cs == 'gb2312':
            return raw.decode('gbk'), 'gb2312 -> gbk'
        raise
    return txt, cs


def main():
    files, index = mc.build()

    # 1. disk == generator
    disk = {}
    for root, dirs, names in os.walk(OUT):
        for n in names:
            p = os.path.join(root, n)
            disk[os.path.relpath(p, OUT)] = open(p, 'rb').read()
    if set(disk) != set(files):
        fail('file set differs from generator: %s' % sorted(set(disk) ^ set(files)))
    for rel, data in files.items():
        if disk.get(rel) != data:
            fail('content differs from generator: ' + rel)
        if b'\r' in data and not rel.endswith('maildirfolder'):
            # CR only allowed inside base64 attachments (CSV CRLF), never on the wire
            fail('raw CR in ' + rel)

    # 2. parse every message
    by_key = {}
    for k, rel, mid in index:
        by_key.setdefault(k, []).append(rel)
    mbox = mailbox.mbox(os.path.join(OUT, 'zhang.wei.mbox'), create=False)
    mbox_msgs = list(mbox)
    n_mbox = sum(1 for k in mc.MSGS for w in mc.MSGS[k]['where'] if w[0] == 'mbox')
    if len(mbox_msgs) != n_mbox:
        fail('mbox has %d messages, expected %d' % (len(mbox_msgs), n_mbox))

    def parsed_sources():
        for k, rel, mid in index:
            if rel.startswith('zhang.wei.mbox#'):
                yield k, rel, mid, None        # taken from the mboxrd-unescaped chunk below
            else:
                yield k, rel, mid, disk[rel]

    mbox_raw = open(os.path.join(OUT, 'zhang.wei.mbox'), 'rb').read()
    chunks = re.split(rb'(?:^|\n\n)From \S+ [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\n', mbox_raw)
    chunks = [c for c in chunks if c]
    if chunks and chunks[-1].endswith(b'\n\n'):
        chunks[-1] = chunks[-1][:-1]          # the blank line that terminates the last message
    if len(chunks) != n_mbox:
        fail('manual mbox split gives %d chunks' % len(chunks))
    unesc = [re.sub(rb'(?m)^>(>*From )', rb'\1', c if c.endswith(b'\n') else c + b'\n') for c in chunks]
    escaped_lines = len(re.findall(rb'(?m)^>+From ', mbox_raw))

    stats = Counter()
    notes = Counter()
    for k, rel, mid, raw in parsed_sources():
        if raw is None:
            # unescape mboxrd and drop the Status/X-Status lines the mbox adds
            raw = unesc[int(rel.split('#')[1]) - 1]
            raw = re.sub(rb'\nStatus: [A-Z]+(?=\n)', b'', raw, count=1)
            raw = re.sub(rb'\nX-Status: [A-Z]+(?=\n)', b'', raw, count=1)
            expected = mc.render(k)
            if raw != expected:
                fail('%s: mbox copy does not unescape back to the original' % k)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        for h in ('Date', 'From', 'To', 'Subject', 'Message-ID'):
            if msg[h] is None:
                fail('%s %s: missing %s' % (k, rel, h))
        if msg.get('Content-Type') and msg['MIME-Version'] is None:
            fail('%s: Content-Type without MIME-Version' % k)
        if str(msg['Message-ID']).strip() != mid:
            fail('%s: Message-ID mismatch' % k)
        if msg.defects:
            notes['top-level defects: %s' % ', '.join(type(d).__name__ for d in msg.defects)] += 1

        # subject
        want_subj = mc.MSGS[k]['subject']
        if k in ('X1', 'X2'):
            rawsubj = re.search(rb'\nSubject: (.*(?:\n[ \t].*)*)', b'\n' + raw).group(1)
            if k == 'X1':
                got = rawsubj.decode('gbk')
            else:
                got = b''.join(email.header.decode_header(rawsubj.decode('ascii'))[0][0:1]).decode('gbk')
        elif k in EXPECTED_TRAPS:      # encoded-words labelled gb2312 but carrying GBK bytes
            rawsubj = re.search(rb'\nSubject: (.*(?:\n[ \t].*)*)', b'\n' + raw).group(1).decode('ascii')
            got = ''.join(b.decode('gbk' if cs == 'gb2312' else cs) if isinstance(b, bytes) else b
                          for b, cs in email.header.decode_header(rawsubj))
        else:
            got = str(msg['Subject'])
        if got != want_subj:
            fail('%s: subject %r != %r' % (k, got, want_subj))

        # main text part
        want, label, codec = mc.PLAIN[k]
        if k == 'X1':
            body = raw.split(b'\n\n', 1)[1].decode('gbk')
            how = 'no MIME headers -> gbk'
        else:
            main = msg.get_body(preferencelist=('plain', 'html'))
            body, how = decode_text(main)
            if body != want and k == 'X2':
                body, how = main.get_payload(decode=True).decode('gbk'), 'iso-8859-1 label -> gbk'
        if body != want:
            fail('%s: body text differs (charset %s)' % (k, how))
        if '->' in how:
            notes[how] += 1
            if k not in EXPECTED_TRAPS:
                fail('%s needed fallback %s but is not a documented trap' % (k, how))
        elif k in EXPECTED_TRAPS:
            fail('%s should be a trap (%s) but decoded directly' % (k, EXPECTED_TRAPS[k]))
        stats[label or 'none'] += 1
        if mc.CJK.search(want) and not mc.CJK.search(body):
            fail('%s: Chinese text lost' % k)

        # attachments
        for part in msg.iter_attachments():
            fn = part.get_filename()
            ct = part.get_content_type()
            atts = {a['filename']: a for a in mc.MSGS[k].get('atts', [])}
            if fn not in atts:
                fail('%s: unexpected attachment filename %r' % (k, fn))
                continue
            a = atts[fn]
            if ct == 'message/rfc822':
                inner = part.get_content()
                if str(inner['Message-ID']).strip() != mc.info(a['of'])['msgid']:
                    fail('%s: forwarded message has wrong Message-ID' % k)
                notes['message/rfc822 attachment'] += 1
                continue
            data = part.get_payload(decode=True)
            if data != a['data']:
                fail('%s: attachment %s bytes differ' % (k, fn))
            if ct == 'image/png':
                assert data[:8] == b'\x89PNG\r\n\x1a\n'
                pos = 8
                while pos < len(data):
                    ln, = struct.unpack('>I', data[pos:pos + 4])
                    t = data[pos + 4:pos + 8]
                    crc, = struct.unpack('>I', data[pos + 8 + ln:pos + 12 + ln])
                    if zlib.crc32(data[pos + 4:pos + 8 + ln]) & 0xffffffff != crc:
                        fail('%s: bad PNG CRC' % k)
                    if t == b'IDAT':
                        w, h = struct.unpack('>II', data[16:24])
                        if len(zlib.decompress(data[pos + 8:pos + 8 + ln])) != h * (1 + 3 * w):
                            fail('%s: bad PNG data' % k)
                    pos += 12 + ln
                notes['png'] += 1
            elif ct == 'application/pdf':
                sx = int(re.search(rb'startxref\n(\d+)', data).group(1))
                if not data.startswith(b'%PDF-1.4') or data[sx:sx + 4] != b'xref':
                    fail('%s: bad PDF' % k)
                notes['pdf'] += 1
            else:
                notes['%s attachment' % ct] += 1

    # 3. the duplicate
    dup = by_key['DUP']
    a = disk[[r for r in dup if not r.startswith('zhang.wei.mbox')][0]]
    b = unesc[int([r for r in dup if r.startswith('zhang.wei.mbox')][0].split('#')[1]) - 1]
    b2 = b.replace(b'\nStatus: RO\nX-Status: F\n\n', b'\n\n', 1)
    if a != b2 or a == b:
        fail('duplicate is not byte-identical apart from Status/X-Status')

    # 4. PII check digits
    if not mc.luhn_ok(mc.CARD):
        fail('card fails Luhn')
    if mc.resident_id_complete(mc.RESIDENT_ID[:17]) != mc.RESIDENT_ID:
        fail('resident id check digit')

    # 5. SCENARIOS.md must not go stale: every Message-ID and file it names must exist
    scen = os.path.join(os.path.dirname(OUT), 'SCENARIOS.md')
    if os.path.exists(scen):
        text = open(scen, encoding='utf-8').read()
        known = set(mid for k, rel, mid in index)
        for mid in set(re.findall(r'`(<[^`>]+>)`', text)):
            if mid not in known:
                fail('SCENARIOS.md names unknown Message-ID ' + mid)
        for rel in set(re.findall(r'`((?:chen\.jing|li\.na|support-eml|misc)/[^`]+)`', text)):
            if not os.path.exists(os.path.join(OUT, rel)):
                fail('SCENARIOS.md names missing path ' + rel)

    # 6. summary
    ids = [mid for k, rel, mid in index]
    print('messages (files/mbox entries): %d, distinct Message-IDs: %d' % (len(ids), len(set(ids))))
    print('mbox messages: %d (mailbox.mbox), mboxrd-escaped From lines: %d' % (len(mbox_msgs), escaped_lines))
    print('main text part charsets:', dict(sorted(stats.items())))
    for n, c in sorted(notes.items()):
        print('  %-40s %d' % (n, c))
    total = sum(len(v) for v in disk.values())
    print('total size on disk: %d bytes in %d files' % (total, len(disk)))
    if problems:
        print('%d problem(s)' % len(problems))
        return 1
    print('OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
