#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Deterministic generator for the mailscope demo corpus.

Writes examples/demo/mail/ (and nothing else):

    mail/zhang.wei.mbox        mboxrd, 张伟 (sales) inbox + sent items, chronological
    mail/chen.jing/            Maildir++ of 陈静 (departing consultant):
                                 cur/ new/              INBOX
                                 .Sent/cur/
                                 .Customers.Mingda/cur/
                                 .Customers.Nordic/cur/
                                 .Customers.Rongjin/cur/
    mail/li.na/                plain maildir (cur/ new/) of 李娜 (finance), inbox+sent flattened
    mail/support-eml/          single .eml exports of the shared support inbox
    mail/misc/                 a few standalone .eml files

Standard library only.  No clock, no randomness: every "random looking" token
(Message-ID, MIME boundary, maildir unique part) is derived from a SHA-1 of the
message key, so running the script twice produces byte-identical output.

    python3 examples/demo/tools/make_corpus.py            # (re)generate mail/
    python3 examples/demo/tools/make_corpus.py --index    # print a TSV index of all messages
    python3 examples/demo/tools/verify_corpus.py          # parse/decode/consistency checks

The story, the people and the compliance scenarios are documented in
examples/demo/PEOPLE.md and examples/demo/SCENARIOS.md.
"""

import base64
import calendar
import datetime as dt
import hashlib
import html
import os
import quopri
import re
import shutil
import struct
import sys
import textwrap
import urllib.parse
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.dirname(HERE)
OUT = os.path.join(DEMO, 'mail')


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def T(s):
    """Dedent a triple-quoted block, strip the leading newline, end with exactly one LF."""
    return textwrap.dedent(s).strip('\n') + '\n'


def H(*parts, n=40):
    return hashlib.sha1('|'.join(str(p) for p in parts).encode('utf-8')).hexdigest()[:n]


def HI(*parts, mod=10 ** 9):
    return int(H(*parts), 16) % mod


CJK = re.compile('[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]')


def is_ascii(s):
    return all(ord(c) < 128 for c in s)


def luhn_complete(prefix):
    total = 0
    for i, ch in enumerate(reversed(prefix)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return prefix + str((10 - total % 10) % 10)


def luhn_ok(num):
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_C = '10X98765432'


def resident_id_complete(first17):
    return first17 + _ID_C[sum(int(a) * w for a, w in zip(first17, _ID_W)) % 11]


# Fake-but-well-formed PII used in scenario 3 (personal account).
MOBILE = '13812345678'
CARD = luhn_complete('622588012345678')            # 16 digits, 招商银行 BIN 622588, Luhn-valid
CARD_SP = ' '.join(CARD[i:i + 4] for i in range(0, len(CARD), 4))
RESIDENT_ID = resident_id_complete('44030519880315123')   # 深圳南山, born 1988-03-15, ISO 7064 MOD 11-2
COMPANY_ACCT = '7559 2860 1210 888'                # company (对公) account, not a card number
assert len(CARD) == 16 and CARD.startswith('62') and luhn_ok(CARD)
assert len(RESIDENT_ID) == 18


# --------------------------------------------------------------------------
# binary attachment payloads (built by hand so they are byte-stable)
# --------------------------------------------------------------------------

def make_png(w, h, seed):
    """Tiny valid RGB PNG; zlib stream written as a stored block (no compressor variance)."""
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            v = (x * 7 + y * 13 + seed * 31) & 0xff
            if seed == 1:      # product / packaging mock-up: blue frame, white box, orange logo
                edge = x in (0, w - 1) or y in (0, h - 1)
                logo = w // 3 <= x < 2 * w // 3 and h // 3 <= y < 2 * h // 3
                px = (11, 92, 173) if edge else ((240, 128, 32) if logo else (250, 250, 250))
            elif seed == 2:    # crushed carton photo: brown noise with a dark diagonal crease
                crease = abs(x - y * w // h) < 2
                px = (60, 40, 20) if crease else (150 + v % 40, 110 + v % 30, 60 + v % 20)
            else:              # earphone defect photo: grey background, white earbud, red mark
                bud = (x - w // 2) ** 2 + (y - h // 2) ** 2 < (min(w, h) // 3) ** 2
                mark = bud and x > w // 2 and y < h // 2
                px = (220, 30, 30) if mark else ((245, 245, 245) if bud else (120 + v % 16,) * 3)
            row += bytes(px)
        rows.append(bytes(row))
    raw = b''.join(rows)
    assert len(raw) < 65536
    zdata = (b'\x78\x01' + b'\x01' + struct.pack('<HH', len(raw), len(raw) ^ 0xffff) + raw
             + struct.pack('>I', zlib.adler32(raw) & 0xffffffff))

    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)

    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zdata) + chunk(b'IEND', b''))


def make_pdf(lines):
    """Minimal one-page PDF 1.4 with correct xref offsets (ASCII text only)."""
    assert all(is_ascii(l) for l in lines)
    esc = [l.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)') for l in lines]
    ops = ['BT', '/F1 16 Tf', '56 780 Td', '(%s) Tj' % esc[0], '/F1 11 Tf']
    for l in esc[1:]:
        ops += ['0 -20 Td', '(%s) Tj' % l]
    ops.append('ET')
    stream = ('\n'.join(ops) + '\n').encode('ascii')
    objs = [
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R '
        b'/Resources << /Font << /F1 5 0 R >> >> >>',
        b'<< /Length %d >>\nstream\n' % len(stream) + stream + b'endstream',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    ]
    out = b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for o in offs:
        out += b'%010d 00000 n \n' % o
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
    return out


# --------------------------------------------------------------------------
# people
# --------------------------------------------------------------------------

class Person:
    def __init__(self, key, email, name, en=None, org='haina', dept=None, dept_en=None,
                 role=None, title=None, title_en=None, ext=None, tz='CN'):
        self.key, self.email, self.name, self.en = key, email, name, en
        self.org, self.dept, self.dept_en, self.role = org, dept, dept_en, role
        self.title, self.title_en, self.ext, self.tz = title, title_en, ext, tz

    @property
    def internal(self):
        return self.org == 'haina'


PEOPLE = {}


def person(key, *a, **kw):
    PEOPLE[key] = Person(key, *a, **kw)


HN, HNCN = 'haina-trade.com', 'haina-trade.cn'

# -- HaiNa staff (org='haina') --
person('zhang.wei', 'zhang.wei@' + HN, '张伟', 'David Zhang', dept='销售部', dept_en='Sales',
       role='sales rep', title='高级销售代表', title_en='Senior Sales Representative', ext='8012')
person('wang.fang', 'wang.fang@' + HN, '王芳', 'Wang Fang', dept='销售部', dept_en='Sales',
       role='sales assistant', title='销售助理', title_en='Sales Assistant', ext='8015')
person('sun.qiang', 'sun.qiang@' + HN, '孙强', 'Sun Qiang', dept='销售部', dept_en='Sales',
       role='sales manager', title='销售经理', title_en='Sales Manager', ext='8001')
person('emily.carter', 'emily.carter@' + HN, 'Emily Carter', 'Emily Carter', dept='销售部', dept_en='Sales',
       role='overseas account manager', title='海外客户经理', title_en='Overseas Account Manager', ext='8020')
person('li.na', 'li.na@' + HN, '李娜', 'Li Na', dept='财务部', dept_en='Finance',
       role='accountant', title='会计', title_en='Accountant', ext='8203')
person('zhou.jie', 'zhou.jie@' + HN, '周杰', 'Zhou Jie', dept='财务部', dept_en='Finance',
       role='finance manager', title='财务经理', title_en='Finance Manager', ext='8201')
person('liu.yang', 'liu.yang@' + HN, '刘洋', 'Liu Yang', dept='客服部', dept_en='Support',
       role='support agent', title='客服专员', title_en='Customer Support', ext='8306')
person('huang.li', 'huang.li@' + HNCN, '黄丽', 'Huang Li', dept='客服部', dept_en='Support',
       role='support lead', title='客服主管', title_en='Customer Support Lead', ext='8301')
person('lin.xiaoyu', 'lin.xiaoyu@' + HNCN, '林晓雨', 'Lin Xiaoyu', dept='客服部', dept_en='Support',
       role='support agent', title='客服专员', title_en='Customer Support', ext='8308')
person('chen.jing', 'chen.jing@' + HN, '陈静', 'Chen Jing', dept='咨询组', dept_en='Consultancy',
       role='consultant (departing 2025-06-13)', title='高级咨询顾问', title_en='Senior Consultant', ext='8502')
person('wu.lei', 'wu.lei@' + HN, '吴磊', 'Wu Lei', dept='咨询组', dept_en='Consultancy',
       role='consultancy lead', title='咨询组组长', title_en='Head of Consultancy', ext='8501')
person('zheng.hao', 'zheng.hao@' + HN, '郑浩', 'Zheng Hao', dept='运营部', dept_en='Operations',
       role='logistics coordinator', title='物流专员', title_en='Logistics Coordinator', ext='8602')
person('zhao.min', 'zhao.min@' + HN, '赵敏', 'Zhao Min', dept='法务合规部', dept_en='Legal & Compliance',
       role='compliance officer', title='合规官', title_en='Compliance Officer', ext='8701')
person('ma.xiaodong', 'ma.xiaodong@' + HN, '马晓东', 'Ma Xiaodong', dept='总经办', dept_en='Management',
       role='general manager', title='总经理', title_en='General Manager', ext='8000')
person('xu.ting', 'xu.ting@' + HN, '许婷', 'Xu Ting', dept='人事行政部', dept_en='HR & Admin',
       role='HR specialist', title='人事行政专员', title_en='HR & Admin Specialist', ext='8801')

# -- shared / system addresses --
person('all', 'all@' + HN, '海纳全体员工', 'HaiNa All Staff', org='haina-list')
person('service', 'service@' + HN, '海纳客服中心', 'HaiNa Customer Service', org='haina-list')
person('erp', 'erp-notify@' + HN, 'ERP系统', 'ERP', org='haina-list')

# -- customers --
person('huang.jianguo', 'huang.jianguo@mingda-elec.com', '黄建国', org='mingda', title='采购经理')
person('qian.xiaomei', 'qian.xiaomei@mingda-elec.com', '钱晓梅', org='mingda', title='财务主管')
person('mike.johnson', 'mike.johnson@globalgadgets.com', 'Mike Johnson', org='gg', title='Purchasing Manager', tz='NY')
person('sarah.lee', 'sarah.lee@globalgadgets.com', 'Sarah Lee', org='gg', title='Accounts Payable', tz='NY')
person('he.jing', 'he.jing@yunfan-fashion.cn', '何静', org='yunfan', title='采购主管')
person('erik.lindqvist', 'erik.lindqvist@nordichome.se', 'Erik Lindqvist', org='nordic', title='Head of Sourcing', tz='SE')
person('anna.berg', 'anna.berg@nordichome.se', 'Anna Berg', org='nordic', title='Logistics Coordinator', tz='SE')
person('lin.zhiming', 'lin.zhiming@dingtai.com.tw', '林志明', org='dingtai', title='採購經理', tz='TW')
person('li.zhe', 'li.zhe@rongjin-home.com', '李喆', org='rongjin', title='总经理助理')

# -- other external parties --
person('zhou.xiaohong', 'ops@shunda-logistics.com', '顺达国际货运', org='shunda', title='操作部')
# -- private addresses --
person('wanglei', 'wanglei_88@qq.com', '王磊', org='private')          # 张伟's classmate
person('liumin', 'liumin0412@163.com', '刘敏', org='private')          # 张伟's wife
person('liting', 'liting.home@gmail.com', '李婷', org='private')       # 李娜's sister
person('xiaomei', '2386501742@qq.com', '小美', org='private')           # 王芳's friend
person('chenjing.gmail', 'chenjing.grace@gmail.com', 'Grace Chen', org='private')  # 陈静 private

COMPANIES = {
    'mingda': ('深圳明达电子有限公司', 'Shenzhen Mingda Electronics Co., Ltd.', ['mingda-elec.com']),
    'gg': ('Global Gadgets Inc.', 'Global Gadgets Inc. (New York)', ['globalgadgets.com']),
    'yunfan': ('杭州云帆服饰有限公司', 'Hangzhou Yunfan Apparel Co., Ltd.', ['yunfan-fashion.cn']),
    'nordic': ('Nordic Home AB', 'Nordic Home AB (Stockholm)', ['nordichome.se']),
    'dingtai': ('鼎泰貿易有限公司', 'Dingtai Trading Co., Ltd. (Taipei)', ['dingtai.com.tw']),
    'rongjin': ('成都蓉锦家居有限公司', 'Chengdu Rongjin Home Furnishing Co., Ltd.', ['rongjin-home.com']),
}


def resolve(spec):
    """'key' | 'key|Display Name' -> (Person, display-name-override-or-None)."""
    if '|' in spec:
        k, n = spec.split('|', 1)
        return PEOPLE[k], n
    return PEOPLE[spec], None


# --------------------------------------------------------------------------
# time
# --------------------------------------------------------------------------

def tz_minutes(tag, local):
    if tag in ('CN', 'TW'):
        return 480
    if tag == 'NY':   # EST / EDT (2025: 9 Mar - 2 Nov)
        return -240 if dt.datetime(2025, 3, 9, 2) <= local < dt.datetime(2025, 11, 2, 2) else -300
    if tag == 'SE':   # CET / CEST (2025: 30 Mar - 26 Oct)
        return 120 if dt.datetime(2025, 3, 30, 2) <= local < dt.datetime(2025, 10, 26, 3) else 60
    raise ValueError(tag)


EPOCH0 = dt.datetime(1970, 1, 1)
WD = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
WD_LONG = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
WD_CN = '一二三四五六日'
MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
MON_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
            'September', 'October', 'November', 'December']


def zone(off):
    return '%s%02d%02d' % ('+' if off >= 0 else '-', abs(off) // 60, abs(off) % 60)


def rfc2822(local, off, style):
    day = '%02d' % local.day if style in ('pad', 'cst') else str(local.day)
    s = '%s, %s %s %d %s %s' % (WD[local.weekday()], day, MON[local.month - 1], local.year,
                                local.strftime('%H:%M:%S'), zone(off))
    if style == 'cst':
        s += ' (CST)'
    elif style == 'coremail':
        s += ' (GMT+08:00)'
    return s


def ampm12(local):
    h = local.hour % 12 or 12
    return '%d:%02d %s' % (h, local.minute, 'AM' if local.hour < 12 else 'PM')


def cn_ampm(local):
    h = local.hour
    part = '上午' if h < 12 else ('下午' if h < 18 else '晚上')
    return '%s%d:%02d' % (part, h % 12 or 12, local.minute)


# --------------------------------------------------------------------------
# header encoding
# --------------------------------------------------------------------------

def _b_words(text, label, codec):
    words, chunk = [], ''
    for ch in text:
        cand = chunk + ch
        enc = base64.b64encode(cand.encode(codec)).decode('ascii')
        if chunk and len('=?%s?B?%s?=' % (label, enc)) > 75:
            words.append(chunk)
            chunk = ch
        else:
            chunk = cand
    if chunk:
        words.append(chunk)
    return ['=?%s?B?%s?=' % (label, base64.b64encode(w.encode(codec)).decode('ascii')) for w in words]


def _q(b):
    out = []
    for c in b:
        ch = chr(c)
        if c == 0x20:
            out.append('_')
        elif c < 128 and (ch.isalnum() or ch in '!*+-/'):
            out.append(ch)
        else:
            out.append('=%02X' % c)
    return ''.join(out)


def _q_words(text, label, codec):
    words, chunk = [], ''
    for ch in text:
        cand = chunk + ch
        if chunk and len('=?%s?Q?%s?=' % (label, _q(cand.encode(codec)))) > 75:
            words.append(chunk)
            chunk = ch
        else:
            chunk = cand
    if chunk:
        words.append(chunk)
    return ['=?%s?Q?%s?=' % (label, _q(w.encode(codec))) for w in words]


def encode_words(text, label, codec, enc):
    try:
        text.encode(codec)
    except UnicodeEncodeError:        # name not representable: fall back to UTF-8 like real clients
        label, codec, enc = 'UTF-8', 'utf-8', 'B'
    return (_b_words if enc == 'B' else _q_words)(text, label, codec)


def encode_subject(text, prof):
    """Returns header value (str, possibly folded) or bytes for raw 8-bit headers."""
    if prof['hcs'] is None:
        return text.encode(prof['codec'])
    if is_ascii(text):
        return text
    prefix = ''
    if prof.get('plain_prefix'):
        m = re.match(r'^((?:(?:Re|RE|Fw|FW|Fwd|AW|SV):\s*)+)', text)
        if m:
            prefix, text = m.group(1), text[m.end():]
    words = encode_words(text, prof['hcs'], prof['hcodec'], prof['henc'])
    return prefix + '\n '.join(words)


def fmt_addr(p, name, prof):
    if not name:
        return p.email
    if prof['hcs'] is None:                         # raw 8-bit header
        return (name + ' <' + p.email + '>').encode(prof['codec'])
    if is_ascii(name):
        if re.search(r'[(),.:;<>@\[\]"\\]', name):
            return '"%s" <%s>' % (name.replace('\\', '\\\\').replace('"', '\\"'), p.email)
        return '%s <%s>' % (name, p.email)
    w = ' '.join(encode_words(name, prof['hcs'], prof['hcodec'], prof['henc']))
    if prof.get('qew'):                             # Foxmail / QQMail quote the encoded-word
        return '"%s" <%s>' % (w, p.email)
    return '%s <%s>' % (w, p.email)


def fold_list(items):
    if any(isinstance(i, bytes) for i in items):
        return b', '.join(i if isinstance(i, bytes) else i.encode('ascii') for i in items)
    one = ', '.join(items)
    if len(one) <= 66:
        return one
    return ',\n '.join(items)


# --------------------------------------------------------------------------
# MIME body encoding
# --------------------------------------------------------------------------

def enc_body(data, cte):
    if cte == 'base64':
        b = base64.b64encode(data)
        return b'\n'.join(b[i:i + 76] for i in range(0, len(b), 76)) + b'\n'
    if cte == 'quoted-printable':
        q = quopri.encodestring(data)
        return q if q.endswith(b'\n') else q + b'\n'
    return data if data.endswith(b'\n') else data + b'\n'


def serialize_headers(hdrs):
    out = b''
    for k, v in hdrs:
        if isinstance(v, str):
            v = v.encode('ascii')
        out += k.encode('ascii') + b': ' + v + b'\n'
    return out


def part_bytes(hdrs, body):
    return serialize_headers(hdrs) + b'\n' + body


def boundary_for(style, key, n):
    h = H('bnd', key, n)
    if style == 'outlook':
        return '----=_NextPart_%03d_%s_%s.%s' % (n, h[:4].upper(), '01DB' + h[4:8].upper(), h[8:16].upper())
    if style == 'foxmail':
        return '----=_001_NextPart%s_=----' % str(int(h[:12], 16))[:12]
    if style == 'qq':
        return '----=_NextPart_%s_%s_%s' % (h[:8].upper(), h[8:16].upper(), h[16:24].upper())
    if style == 'gmail':
        return '0000000000000' + h[:15]
    if style == 'apple':
        return 'Apple-Mail=_%s-%s-%s-%s-%s' % (h[:8].upper(), h[8:12].upper(), h[12:16].upper(),
                                                h[16:20].upper(), h[20:32].upper())
    return '------------%s' % h[:24]


def ctype_text(sub, label, style):
    if style == 'fold_q':
        return 'text/%s;\n\tcharset="%s"' % (sub, label)
    if style == 'fold':
        return 'text/%s;\n\tcharset=%s' % (sub, label)
    if style == 'q':
        return 'text/%s; charset="%s"' % (sub, label)
    return 'text/%s; charset=%s' % (sub, label)


def text_to_html(text, label):
    rows = []
    for line in text.rstrip('\n').split('\n'):
        if not line.strip():
            rows.append('<div><br></div>')
        else:
            esc = html.escape(line, quote=False)
            lead = len(esc) - len(esc.lstrip(' '))
            rows.append('<div>' + '&nbsp;' * lead + esc.lstrip(' ') + '</div>')
    return ('<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=%s">\n'
            '</head>\n<body style="font-family:Microsoft YaHei,Arial,sans-serif;font-size:14px">\n'
            '%s\n</body>\n</html>\n' % (label, '\n'.join(rows)))


def rfc2231_value(name):
    return "UTF-8''" + urllib.parse.quote(name.encode('utf-8'), safe='')


def attachment_part(att, key, n):
    """att: dict(kind, filename, data(bytes), ctype, charset, fname='ascii'|'rfc2047'|'rfc2231'|'rfc2231cont',
    fcs (charset label for rfc2047 names), disposition)"""
    fn = att['filename']
    style = att.get('fname', 'ascii')
    ctype = att['ctype']
    if att.get('charset'):
        ctype += '; charset=%s' % att['charset']
    disp = att.get('disposition', 'attachment')
    if style == 'ascii':
        ct = '%s;\n\tname="%s"' % (ctype, fn)
        cd = '%s;\n\tfilename="%s"' % (disp, fn)
    elif style == 'rfc2047':
        lab = att.get('fcs', 'GB2312')
        codec = {'GB2312': 'gb2312', 'gb2312': 'gb2312', 'GBK': 'gbk', 'UTF-8': 'utf-8', 'utf-8': 'utf-8'}[lab]
        w = ' '.join(_b_words(fn, lab, codec))
        ct = '%s;\n\tname="%s"' % (ctype, w)
        cd = '%s;\n\tfilename="%s"' % (disp, w)
    elif style == 'rfc2231':
        ct = '%s;\n name="%s"' % (ctype, ' '.join(_b_words(fn, 'UTF-8', 'utf-8')))
        cd = "%s;\n filename*=%s" % (disp, rfc2231_value(fn))
    elif style == 'rfc2231cont':
        enc = urllib.parse.quote(fn.encode('utf-8'), safe='')
        chunks, cur = [], ''
        for tok in re.findall(r'%[0-9A-F]{2}|.', enc):
            if len(cur) + len(tok) > 45:
                chunks.append(cur)
                cur = ''
            cur += tok
        chunks.append(cur)
        ct = '%s;\n name="%s"' % (ctype, ' '.join(_b_words(fn, 'UTF-8', 'utf-8')))
        params = []
        for i, c in enumerate(chunks):
            params.append("filename*%d*=%s%s" % (i, "UTF-8''" if i == 0 else '', c))
        cd = disp + ';\n ' + ';\n '.join(params)
    else:
        raise ValueError(style)
    if att['kind'] == 'eml':
        hdrs = [('Content-Type', ct), ('Content-Disposition', cd)]
        return part_bytes(hdrs, att['data'] if att['data'].endswith(b'\n') else att['data'] + b'\n')
    cte = att.get('cte', 'base64')
    hdrs = [('Content-Type', ct), ('Content-Transfer-Encoding', cte), ('Content-Disposition', cd)]
    return part_bytes(hdrs, enc_body(att['data'], cte))


def multipart(sub, boundary, parts, preamble=None):
    body = b''
    if preamble:
        body += preamble.encode('ascii') + b'\n\n'
    for p in parts:
        body += b'--' + boundary.encode('ascii') + b'\n' + p + b'\n'
    body += b'--' + boundary.encode('ascii') + b'--\n'
    return 'multipart/%s;\n\tboundary="%s"' % (sub, boundary), body


# --------------------------------------------------------------------------
# user agents (mail clients) -> default encodings / styles
# --------------------------------------------------------------------------

UA = {
    'foxmail': dict(cs='GB2312', cte='base64', hcs='GB2312', henc='B', qew=True, ct='fold_q',
                    mailer=('X-Mailer', 'Foxmail 7.2.25.375[cn]'), mid='foxmail', q='foxmail', bnd='foxmail',
                    datefmt='pad'),
    'outlook_cn': dict(cs='gb2312', cte='quoted-printable', hcs='gb2312', henc='B', ct='fold_q',
                       mailer=('X-Mailer', 'Microsoft Outlook 16.0'), mid='outlook', q='outlook',
                       bnd='outlook', datefmt='nopad', extra=[('Content-Language', 'zh-cn')], tindex=True,
                       preamble='This is a multipart message in MIME format.'),
    'outlook_en': dict(cs='utf-8', cte='quoted-printable', hcs='utf-8', henc='B', ct='fold_q', plain_prefix=True,
                       mailer=('X-Mailer', 'Microsoft Outlook 16.0'), mid='outlook', q='outlook',
                       bnd='outlook', datefmt='nopad', extra=[('Content-Language', 'en-us')], tindex=True,
                       preamble='This is a multipart message in MIME format.'),
    'outlook_se': dict(cs='Windows-1252', cte='quoted-printable', hcs='Windows-1252', henc='Q', ct='fold_q',
                       plain_prefix=True, mailer=('X-Mailer', 'Microsoft Outlook 16.0'), mid='outlook',
                       q='outlook', bnd='outlook', datefmt='nopad', extra=[('Content-Language', 'sv-se')],
                       tindex=True, preamble='This is a multipart message in MIME format.'),
    'outlook_tw': dict(cs='big5', cte='base64', hcs='big5', henc='B', ct='fold_q', plain_prefix=True,
                       mailer=('X-Mailer', 'Microsoft Outlook 16.0'), mid='outlook', q=None,
                       bnd='outlook', datefmt='nopad', extra=[('Content-Language', 'zh-tw')], tindex=True),
    'coremail': dict(cs='GBK', cte='base64', hcs='GBK', henc='B', ct='plain',
                     mailer=('X-Mailer', 'Coremail Webmail Server Version XT5.0.14 build 20240801(9c1fc5a4)'),
                     mid='coremail', q='qq', bnd='qq', datefmt='coremail'),
    'qq': dict(cs='gb18030', cte='base64', hcs='gb18030', henc='B', qew=True, ct='q',
               mailer=('X-Mailer', 'QQMail 2.x'), mid='qq', q='qq', bnd='qq', datefmt='pad', alt=True,
               extra=[('X-QQ-MIME', 'TCMime 1.0 by Tencent')]),
    'apple': dict(cs='utf-8', cte='quoted-printable', hcs='utf-8', henc='Q', ct='fold', plain_prefix=True,
                  mailer=('X-Mailer', 'Apple Mail (2.3826.400.131.1.6)'), mid='uuid', q='apple', bnd='apple',
                  datefmt='nopad', mimever='1.0 (Mac OS X Mail 16.0 \\(3826.400.131.1.6\\))'),
    'iphone': dict(cs='utf-8', cte='base64', hcs='utf-8', henc='B', ct='fold', plain_prefix=True,
                   mailer=('X-Mailer', 'iPhone Mail (22D72)'), mid='uuid', q='apple', bnd='apple',
                   datefmt='nopad', mimever='1.0 (1.0)'),
    'gmail': dict(cs='UTF-8', cte='base64', hcs='UTF-8', henc='B', ct='q', plain_prefix=True,
                  mailer=None, mid='gmail', q='gmail', bnd='gmail', datefmt='nopad', alt=True),
    'thunderbird': dict(cs='UTF-8', cte='8bit', hcs='UTF-8', henc='B', ct='plain', plain_prefix=True,
                        mailer=('User-Agent', 'Mozilla Thunderbird'), mid='uuidl', q='thunderbird',
                        bnd='tb', datefmt='pad'),
    'helpdesk': dict(cs='utf-8', cte='quoted-printable', hcs='UTF-8', henc='B', ct='q',
                     mailer=('X-Mailer', 'HaiNa Helpdesk 2.4'), mid='sys', q=None, bnd='tb', datefmt='pad'),
    'erp': dict(cs=None, cte=None, hcs=None, codec='gbk', ct=None, mailer=('X-Mailer', 'Kingdee K3 Mail 12.3'),
                mid='erp', q=None, bnd='tb', datefmt='cst', nomime=True),
    'tms': dict(cs='iso-8859-1', codec='gbk', cte='8bit', hcs='iso-8859-1', hcodec='gbk', henc='Q', ct='plain',
                mailer=('X-Mailer', 'SDL-TMS 3.1 (JavaMail)'), mid='tms', q=None, bnd='tb', datefmt='pad'),
}

CODEC = {'gb2312': 'gb2312', 'gbk': 'gbk', 'gb18030': 'gb18030', 'big5': 'big5', 'utf-8': 'utf-8',
         'us-ascii': 'ascii', 'iso-8859-1': 'latin-1', 'windows-1252': 'cp1252'}


def message_id(style, key, local, domain, sender_email):
    h = H('mid', key)
    if style == 'foxmail':
        return '<%s%s@%s>' % (local.strftime('%Y%m%d%H%M%S'), str(int(h[:10], 16))[:7], domain)
    if style == 'outlook':
        return '<000001db%s$%s$%s$@%s>' % (h[:4], h[4:12], h[12:20], domain)
    if style == 'coremail':
        return '<%s.%s.%s.Coremail.%s>' % (h[:8], h[8:12], h[12:23], sender_email)
    if style == 'qq':
        return '<tencent_%s@qq.com>' % h[:32].upper()
    if style == 'gmail':
        b = base64.b64encode(bytes.fromhex(H('g', key) + h[:20]), altchars=b'+_').decode('ascii').rstrip('=')
        return '<CAH%s@mail.gmail.com>' % b[:44]
    if style == 'uuid':
        return '<%s-%s-%s-%s-%s@%s>' % (h[:8].upper(), h[8:12].upper(), h[12:16].upper(), h[16:20].upper(),
                                        h[20:32].upper(), domain)
    if style == 'uuidl':
        return '<%s-%s-%s-%s-%s@%s>' % (h[:8], h[8:12], h[12:16], h[16:20], h[20:32], domain)
    if style == 'sys':
        return '<helpdesk.%s.%s@%s>' % (local.strftime('%Y%m%d%H%M%S'), h[:10], domain)
    if style == 'erp':
        return '<%s.k3mail.%s@erp.%s>' % (local.strftime('%Y%m%d%H%M%S'), h[:6], domain)
    if style == 'tms':
        return '<%s.%s.JavaMail.tms@%s>' % (HI('t', key), local.strftime('%Y%m%d%H%M%S'), domain)
    raise ValueError(style)


# --------------------------------------------------------------------------
# message registry
# --------------------------------------------------------------------------

MSGS = {}


def msg(key, **kw):
    assert key not in MSGS, key
    kw['key'] = key
    MSGS[key] = kw
    return kw


# placement helpers
def ZW(status='RO', x=''):
    return ('mbox', 'zhang.wei.mbox', status, x)


def CJ(folder='', flags='S', sub='cur'):
    return ('maildir', 'chen.jing', folder, sub, flags)


def LN(flags='S', sub='cur'):
    return ('maildir', 'li.na', '', sub, flags)


def SUP(slug):
    return ('eml', 'support-eml', slug)


def MISC(slug):
    return ('eml', 'misc', slug)


def reply_all(parent_key, sender):
    p = MSGS[parent_key]
    to = [p['frm']]
    cc = [a for a in list(p.get('to', [])) + list(p.get('cc', []))
          if a.split('|')[0] not in (sender.split('|')[0], p['frm'].split('|')[0])]
    return to, cc


def A_csv(filename, text, encoding, fname='ascii', ctype='text/csv', charset=None, fcs='GB2312', bom=False):
    data = text.replace('\n', '\r\n').encode(encoding)
    if bom:
        data = b'\xef\xbb\xbf' + data
    return dict(kind='csv', filename=filename, data=data, ctype=ctype, charset=charset, fname=fname, fcs=fcs)


def A_txt(filename, text, encoding, label, fname, fcs='GB2312'):
    return dict(kind='txt', filename=filename, data=text.replace('\n', '\r\n').encode(encoding),
                ctype='text/plain', charset=label, fname=fname, fcs=fcs)


def A_png(filename, w, h, seed, fname='ascii', fcs='GB2312'):
    return dict(kind='png', filename=filename, data=make_png(w, h, seed), ctype='image/png',
                fname=fname, fcs=fcs)


def A_pdf(filename, lines):
    return dict(kind='pdf', filename=filename, data=make_pdf(lines), ctype='application/pdf', fname='ascii')


def A_eml(filename, of_key):
    return dict(kind='eml', filename=filename, of=of_key, ctype='message/rfc822', fname='rfc2231')


# --------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------

def lang_of(text):
    return 'zh' if CJK.search(text) else 'en'


def signature(p, lang):
    if not p.internal or p.org != 'haina':
        return ''
    if lang == 'zh':
        return ('\n%s | %s\n海纳跨境贸易有限公司 %s\nHaiNa Cross-Border Trading Ltd.\n'
                '电话：+86 755 2660 1288 转 %s\n邮箱：%s\n' % (p.name, p.title, p.dept, p.ext, p.email))
    return ('\n%s | %s\nHaiNa Cross-Border Trading Ltd.\nTel: +86 755 2660 1288 ext. %s\n%s\n'
            % (p.en, p.title_en, p.ext, p.email))


def display_name(p, override, lang):
    if override:
        return override
    if lang == 'en' and p.en:
        return p.en
    return p.name


_cache = {}
PLAIN = {}     # key -> (decoded text of the main text part, charset label, real codec); filled by render()


def info(key):
    """Computed, rendering-independent facts about a message (used by replies and the index)."""
    if key in _cache:
        return _cache[key]
    m = MSGS[key]
    prof = dict(UA[m['ua']])
    for k in ('cs', 'codec', 'cte', 'hcs', 'hcodec', 'henc', 'alt', 'datefmt', 'qew', 'q', 'ct'):
        if k in m:
            prof[k] = m[k]
    sp, sname = resolve(m['frm'])
    lang = m.get('lang') or lang_of(m['text'])
    local = dt.datetime.strptime(m['date'], '%Y-%m-%d %H:%M:%S')
    off = tz_minutes(m.get('tz') or sp.tz, local)
    epoch = calendar.timegm(local.timetuple()) - off * 60
    own = m['text']
    if m.get('sig', True):
        own += signature(sp, lang)
    dom = sp.email.split('@')[1]
    mid = m.get('msgid') or message_id(m.get('mid', prof['mid']), key, local, dom, sp.email)
    parent = m.get('parent')
    if parent and m.get('refs', True):
        pi = info(parent)
        refs = pi['refs'] + [pi['msgid']]
    else:
        refs = []
    res = dict(m=m, prof=prof, sender=sp, sname=display_name(sp, sname, lang), lang=lang, local=local,
               off=off, epoch=epoch, own=own, msgid=mid, refs=refs,
               to=[resolve(a) for a in m.get('to', [])], cc=[resolve(a) for a in m.get('cc', [])])
    _cache[key] = res
    return res


def names(lst, lang, with_addr=False):
    out = []
    for p, o in lst:
        n = display_name(p, o, lang)
        out.append('%s <%s>' % (n, p.email) if with_addr else n)
    return out


def quote_block(style, pkey, lang):
    pi = info(pkey)
    pm = pi['m']
    t = pi['own'].rstrip('\n')
    loc = pi['local']
    fn, fe = pi['sname'], pi['sender'].email
    to_n = '; '.join(names(pi['to'], pi['lang']))
    cc_n = '; '.join(names(pi['cc'], pi['lang']))
    subj = pm['subject']
    if style == 'foxmail' and lang == 'en':
        style = 'outlook_en'
    if style == 'outlook':
        style = 'outlook_en' if lang == 'en' else 'outlook_cn'
    if style == 'foxmail':
        h = '发件人：%s\n发送时间：%s\n收件人：%s\n' % (fn, loc.strftime('%Y-%m-%d %H:%M'), to_n)
        if cc_n:
            h += '抄送：%s\n' % cc_n
        h += '主题：%s\n' % subj
        return '\n\n%s\n%s\n' % (h, t)
    if style == 'outlook_cn':
        h = ('-----邮件原件-----\n发件人: %s [mailto:%s]\n发送时间: %d年%d月%d日 %s\n收件人: %s\n'
             % (fn, fe, loc.year, loc.month, loc.day, loc.strftime('%H:%M'),
                '; '.join(names(pi['to'], pi['lang'], True))))
        if cc_n:
            h += '抄送: %s\n' % '; '.join(names(pi['cc'], pi['lang'], True))
        h += '主题: %s\n' % subj
        return '\n\n%s\n%s\n' % (h, t)
    if style == 'outlook_en':
        h = ('-----Original Message-----\nFrom: %s <%s>\nSent: %s, %s %d, %d %s\nTo: %s\n'
             % (fn, fe, WD_LONG[loc.weekday()], MON_LONG[loc.month - 1], loc.day, loc.year, ampm12(loc),
                '; '.join(names(pi['to'], pi['lang'], True))))
        if cc_n:
            h += 'Cc: %s\n' % '; '.join(names(pi['cc'], pi['lang'], True))
        h += 'Subject: %s\n' % subj
        return '\n\n%s\n%s\n' % (h, t)
    if style == 'qq':
        h = ('------------------ 原始邮件 ------------------\n发件人: "%s"<%s>;\n发送时间: %d年%d月%d日(星期%s) %s\n'
             % (fn, fe, loc.year, loc.month, loc.day, WD_CN[loc.weekday()], cn_ampm(loc)))
        h += '收件人: %s\n' % ' '.join('"%s"<%s>;' % (display_name(p, o, pi['lang']), p.email) for p, o in pi['to'])
        if pi['cc']:
            h += '抄送: %s\n' % ' '.join('"%s"<%s>;' % (display_name(p, o, pi['lang']), p.email)
                                       for p, o in pi['cc'])
        h += '主题: %s\n' % subj
        return '\n\n%s\n%s\n' % (h, t)

    def gt(text, sep='> '):
        return '\n'.join((sep + l) if l else sep.rstrip() for l in text.split('\n'))

    if style == 'apple':
        if lang == 'zh':
            head = '%d年%d月%d日 %s，%s <%s> 写道：' % (loc.year, loc.month, loc.day, loc.strftime('%H:%M'), fn, fe)
        else:
            head = 'On %d %s %d, at %s, %s <%s> wrote:' % (loc.day, MON[loc.month - 1], loc.year,
                                                          loc.strftime('%H:%M'), fn, fe)
        return '\n\n' + gt(head + '\n\n' + t) + '\n'
    if style == 'gmail':
        if lang == 'zh':
            head = '%s <%s> 于%d年%d月%d日周%s %s写道：' % (fn, fe, loc.year, loc.month, loc.day,
                                                  WD_CN[loc.weekday()], loc.strftime('%H:%M'))
        else:
            head = 'On %s, %s %d, %d at %s %s <%s> wrote:' % (WD[loc.weekday()], MON[loc.month - 1], loc.day,
                                                             loc.year, ampm12(loc), fn, fe)
        return '\n\n%s\n\n%s\n' % (head, gt(t))
    if style == 'thunderbird':
        if lang == 'zh':
            head = '在 %d/%d/%d %s, %s 写道:' % (loc.year, loc.month, loc.day, loc.strftime('%H:%M'), fn)
        else:
            head = 'On %d/%d/%d %s, %s wrote:' % (loc.month, loc.day, loc.year, loc.strftime('%H:%M'), fn)
        return '\n\n%s\n%s\n' % (head, gt(t))
    if style == 'gt_nospace':
        return '\n\n%s wrote:\n%s\n' % (fn, gt(t, '>'))
    raise ValueError(style)


def received_header(i):
    """One Received: line for inbound external mail (sender outside HaiNa, some recipient inside)."""
    sp = i['sender']
    if sp.org in ('haina', 'haina-list'):
        return None
    rcpts = [p for p, _ in i['to'] + i['cc'] if p.org in ('haina', 'haina-list')]
    if not rcpts:
        return None
    dom = sp.email.split('@')[1]
    ip = '203.0.113.%d' % (HI('ip', dom, mod=200) + 20)
    host = {'qq.com': 'smtpbg%d.qq.com' % (HI('q', dom, mod=90) + 10),
            'gmail.com': 'mail-yw1-f%d.google.com' % (HI('g', dom, mod=90) + 100),
            '163.com': 'm%d.mail.163.com' % (HI('n', dom, mod=90) + 10)}.get(dom, 'mail.' + dom)
    # receive time expressed in server time (+0800)
    srv = EPOCH0 + dt.timedelta(seconds=i['epoch'] + 3 + 8 * 3600)
    qid = H('qid', i['m']['key'])[:12].upper()
    forpart = '\n\tfor <%s>' % rcpts[0].email if len(rcpts) == 1 else ''
    dom_rcpt = rcpts[0].email.split('@')[1]
    return ('from %s (%s [%s])\n\tby mx.%s (Postfix) with ESMTPS id 4Z%s%s;\n\t%s'
            % (host, host, ip, dom_rcpt, qid, forpart, rfc2822(srv, 480, 'pad')))


def render(key):
    i = info(key)
    m, prof = i['m'], i['prof']
    lang = i['lang']
    label = prof.get('cs')
    codec = prof.get('codec') or (CODEC[label.lower()] if label else None)
    cte = prof.get('cte')
    body = i['own']
    if m.get('parent') and m.get('quote', True) and prof.get('q'):
        body += quote_block(m.get('qstyle', prof['q']), m['parent'], lang)
    if m.get('body_override'):
        body = m['body_override']
    if label and is_ascii(body) and not m.get('cs') and not m.get('html_only'):
        label, codec, cte = 'us-ascii', 'ascii', '7bit'
    PLAIN[key] = (m['html_only'] if m.get('html_only') else body, label, codec)
    hprof = dict(prof)
    hprof['codec'] = codec
    hprof['hcodec'] = prof.get('hcodec') or (CODEC[prof['hcs'].lower()] if prof.get('hcs') else None)
    if m.get('hcodec'):
        hprof['hcodec'] = m['hcodec']
    elif prof.get('codec') and prof.get('hcs') and prof['hcs'].lower() == (prof.get('cs') or '').lower():
        hprof['hcodec'] = prof['codec']       # mislabeled charset applies to headers too

    # ---- headers ----
    hdrs = []
    rcv = received_header(i) if m.get('received', True) else None
    if rcv:
        hdrs.append(('Received', rcv))
    hdrs.append(('Date', rfc2822(i['local'], i['off'], prof.get('datefmt', 'pad'))))
    hdrs.append(('From', fmt_addr(i['sender'], i['sname'], hprof)))
    if m.get('reply_to'):
        rp, ro = resolve(m['reply_to'])
        hdrs.append(('Reply-To', fmt_addr(rp, display_name(rp, ro, lang), hprof)))
    hdrs.append(('To', fold_list([fmt_addr(p, display_name(p, o, lang), hprof) for p, o in i['to']])))
    if i['cc']:
        hdrs.append(('Cc', fold_list([fmt_addr(p, display_name(p, o, lang), hprof) for p, o in i['cc']])))
    hdrs.append(('Subject', encode_subject(m['subject'], hprof)))
    hdrs.append(('Message-ID', i['msgid']))
    if i['refs']:
        hdrs.append(('In-Reply-To', i['refs'][-1]))
        hdrs.append(('References', '\n '.join(i['refs']) if len(i['refs']) > 1 else i['refs'][0]))
    if prof.get('tindex'):
        # Outlook: 22-byte header from the thread root + one 5-byte block per reply level
        chain = [key]
        while MSGS[chain[-1]].get('parent') and MSGS[chain[-1]].get('refs', True):
            chain.append(MSGS[chain[-1]]['parent'])
        tib = bytes.fromhex('01db' + H('ti', chain[-1])[:36])
        for k2 in reversed(chain[:-1]):
            tib += bytes.fromhex(H('tib', k2)[:10])
        hdrs.append(('Thread-Index', base64.b64encode(tib).decode('ascii')))
    for k, v in m.get('headers', []):
        hdrs.append((k, v))
    if prof.get('mailer') and m.get('mailer', True):
        hdrs.append(prof['mailer'])
    for k, v in prof.get('extra', []):
        hdrs.append((k, v))

    # ---- body ----
    if prof.get('nomime'):
        return serialize_headers(hdrs) + b'\n' + body.encode(codec)

    def text_part(sub, text):
        data = text.encode(codec)      # strict: a wrong character must fail loudly
        return [('Content-Type', ctype_text(sub, label, prof['ct'])),
                ('Content-Transfer-Encoding', cte)], enc_body(data, cte)

    if m.get('html_only'):
        content = text_part('html', m['html_only'])
    elif prof.get('alt') or m.get('alt'):
        ph, pb = text_part('plain', body)
        hh, hb = text_part('html', text_to_html(body, label))
        ct, mb = multipart('alternative', boundary_for(prof['bnd'], key, 1),
                           [part_bytes(ph, pb), part_bytes(hh, hb)])
        content = [('Content-Type', ct)], mb
    else:
        content = text_part('plain', body)

    atts = m.get('atts', [])
    if atts:
        parts = [part_bytes(*content)]
        for n, a in enumerate(atts, 2):
            if a['kind'] == 'eml':
                a = dict(a, data=render(a['of']))
            parts.append(attachment_part(a, key, n))
        ct, mb = multipart('mixed', boundary_for(prof['bnd'], key, 0), parts, prof.get('preamble'))
        content = [('Content-Type', ct)], mb

    ch, cb = content
    hdrs.append(('MIME-Version', prof.get('mimever', '1.0')))
    hdrs.extend(ch)
    return serialize_headers(hdrs) + b'\n' + cb


# ==========================================================================
# THE CORPUS
# ==========================================================================

STAFF_Q2 = ['emily.carter', 'ma.xiaodong', 'zhou.jie', 'li.na', 'liu.yang', 'huang.li', 'lin.xiaoyu',
            'chen.jing', 'wu.lei', 'zheng.hao', 'zhao.min', 'xu.ting']

# ---------------------------------------------------------------- 张伟 mbox
msg('Z01', where=[ZW()], ua='foxmail', date='2025-01-06 09:12:33', frm='sun.qiang',
    to=['zhang.wei', 'wang.fang', 'emily.carter'],
    subject='2025年一季度销售目标及客户分配', text=T('''
    各位：

    新年好！2025年一季度销售目标和客户分配如下，请大家确认：

    1. 张伟：深圳明达电子、杭州云帆服饰、台北鼎泰贸易，Q1目标 RMB 180万；
    2. Emily：Global Gadgets、Nordic Home 的海外订单跟进，Q1目标 USD 22万；
       （Global Gadgets 目前仍由张伟对接报价，Emily 负责单证和售后协调）
    3. 王芳：协助合同、订单录入和对账，配合咨询组陈静跟进明达和 Nordic Home 的项目。

    价格一律按官网价格表（2025版）执行，任何折扣超过5%须经我书面审批。
    合同条款以法务审核后的标准模板为准，不得私下修改。

    周三下午3点开销售例会，请准备各自客户的跟进计划。
    '''))

msg('Z02', where=[ZW('RO', 'A')], ua='outlook_cn', date='2025-01-08 10:25:41', frm='huang.jianguo',
    to=['zhang.wei|张经理'], subject='询价：TWS-X3蓝牙耳机 5000台', text=T('''
    张经理：

    您好！

    我司计划在二季度上一批自有品牌的蓝牙耳机，想了解贵司 TWS-X3 的报价，需求如下：

      型号：TWS-X3（白色、黑色各半）
      数量：5000台，分两批交货
      包装：中性包装，需要印我司 LOGO
      交期：2025年3月底前第一批

    请报含税价（13%增值税）及交期，另请附上产品认证资料（CE/FCC）。

    谢谢！

    黄建国
    采购经理
    深圳明达电子有限公司
    电话：0755-2698 3321
    地址：深圳市宝安区西乡街道宝源路168号
    '''))

QUOTE_CSV_003 = T('''
    报价单号,HN-QT-2025-003,,,,
    客户,深圳明达电子有限公司,,,,
    日期,2025-01-08,,,,
    序号,型号,描述,数量,单价(含税RMB),金额(RMB)
    1,TWS-X3-WH,TWS-X3蓝牙耳机 白色,2500,179.55,448875.00
    2,TWS-X3-BK,TWS-X3蓝牙耳机 黑色,2500,179.55,448875.00
    3,LOGO-SP1,单色丝印LOGO,5000,0.00,0.00
    ,,,,合计,897750.00
    备注,官网价189.00元/台；批量95折；价格有效期至2025-02-28；30%预付，70%发货前付清,,,,
    ''')

msg('Z03', where=[ZW()], ua='foxmail', date='2025-01-08 15:40:12', frm='zhang.wei',
    to=['huang.jianguo'], cc=['wang.fang'], parent='Z02',
    subject='回复：询价：TWS-X3蓝牙耳机 5000台',
    atts=[A_csv('HN-QT-2025-003.csv', QUOTE_CSV_003, 'gbk', ctype='application/vnd.ms-excel')],
    text=T('''
    黄经理：

    您好！感谢您的询价。

    附件是 TWS-X3 的正式报价单（HN-QT-2025-003），要点如下：

      官网价：RMB 189.00/台（含13%增值税）
      5000台批量价：RMB 179.55/台（95折，已是标准批量折扣）
      LOGO印刷：免费（单色丝印）
      交期：首批2500台，下单后25天；第二批2500台，首批后30天
      付款：30%预付，70%发货前付清

    CE/FCC证书我让助理王芳今天另发给您。

    如有问题随时联系。
    '''))

msg('Z04', where=[ZW('RO', 'A')], ua='outlook_cn', date='2025-01-09 11:02:08', frm='huang.jianguo',
    to=['zhang.wei|张经理'], parent='Z03', subject='答复: 询价：TWS-X3蓝牙耳机 5000台', text=T('''
    张经理：

    报价收到，谢谢。

    说实话这个价格比我们预算高不少。同类产品我们在别家拿到的报价在160元左右。
    我们今年全年的量大概在2万台，如果这单合作顺利后面还会有返单。

    贵司是否能给到最低价？如果价格合适，我们这周就可以下单付预付款。

    黄建国
    '''))

# Scenario 1 (Chinese): private 15% below list price
msg('Z05', where=[ZW()], ua='foxmail', date='2025-01-09 21:18:47', frm='zhang.wei',
    to=['huang.jianguo'], parent='Z04', subject='回复：答复: 询价：TWS-X3蓝牙耳机 5000台', text=T('''
    黄经理：

    晚上好！跟您交个底。

    官网价189元是公开价，我没法在正式报价单上改。不过考虑到咱们后续2万台的量，
    我私下给您比官网价低15%，也就是160.65元/台，别告诉别人。这个价格在我们公司
    需要总经理审批，我这边先替您扛下来。

    操作上：合同和发票还是按179.55元/台开，差价（每台18.90元）我这边以"市场推广费"
    的名义在第二批货款里给您冲抵。麻烦您回邮件时不要抄送我们公司其他同事，
    有事直接打我电话。

    这绝对是最低价了，您放心。
    '''))

msg('Z06', where=[ZW()], ua='outlook_cn', date='2025-01-10 09:45:20', frm='huang.jianguo',
    to=['zhang.wei|张经理'], parent='Z05', subject='答复: 询价：TWS-X3蓝牙耳机 5000台', text=T('''
    张经理：

    明白，谢谢您的照顾，我们这边按您说的办，不会对外说。
    请尽快把正式合同发过来，我们走审批流程，下周一前付30%预付款。

    黄建国
    '''))

CONTRACT_TXT = T('''
    深圳明达电子采购合同（HN-SC-2025-001）要点

    1. 标的：TWS-X3蓝牙耳机 5000台（白/黑各2500台）
    2. 单价：RMB 179.55/台（含13%增值税），合同总额 RMB 897,750.00
    3. 交货：分两批，首批2500台于2025年3月25日前交付
    4. 质保：自交货之日起12个月（标准条款）
    5. 付款：合同签订后3个工作日内预付30%，每批发货前付清该批余款
    6. 收款账户：海纳跨境贸易有限公司 对公账户（以合同附件为准）
    7. 违约责任：逾期付款按日万分之五计违约金
    8. 争议解决：深圳国际仲裁院
    ''')

msg('Z07', where=[ZW()], ua='foxmail', date='2025-01-13 14:20:05', frm='wang.fang', to=['zhang.wei'],
    subject='明达电子采购合同草稿 HN-SC-2025-001',
    atts=[A_txt('合同要点.txt', CONTRACT_TXT, 'gb2312', 'GB2312', 'rfc2047')], text=T('''
    张哥：

    明达电子的采购合同草稿已按标准模板做好，合同要点整理在附件里，请过目。
    单价我按报价单写的179.55元/台，付款条件是标准的30%预付、70%发货前付清（第5条），
    违约金条款按模板第7条。

    你确认后我发给法务审核，再发客户盖章。
    '''))

msg('Z08', where=[ZW('RO', 'A')], ua='outlook_en', alt=True, date='2025-01-14 10:05:17', frm='mike.johnson',
    to=['zhang.wei|David Zhang'], subject='RFQ: PB-20000 power banks, 3,000 units', text=T('''
    Hi David,

    Happy new year! We're planning our spring promotion and need a quote for:

    - PB-20000 power bank (20,000 mAh, PD 22.5W), black, 3,000 units
    - Retail packaging with our Global Gadgets branding
    - Delivery FOB Shenzhen, target ship date mid-February

    Please also confirm UN38.3 and MSDS documents are available for the batteries.

    Best regards,
    Mike

    Mike Johnson
    Purchasing Manager
    Global Gadgets Inc.
    350 Fifth Avenue, Suite 4120, New York, NY 10118
    Tel: +1 (212) 555-0143
    '''))

# Scenario 1 (English) + a body line starting with "From " (mboxrd escaping)
msg('Z09', where=[ZW()], ua='foxmail', date='2025-01-15 09:30:44', frm='zhang.wei', to=['mike.johnson'],
    parent='Z08', subject='RE: RFQ: PB-20000 power banks, 3,000 units', text=T('''
    Hi Mike,

    Happy new year to you too, and thanks for the RFQ.

    Our list price for PB-20000 is USD 18.00/unit FOB Shenzhen. For 3,000 units with
    your branding I can do 15% below list price, just between us -- that is USD 15.30/unit.
    Please don't mention the discount to my colleagues or write it in the PO notes; I will
    handle it on my side. Officially the PO should show the list price and I will sort out
    the difference with a credit note later.

    From our side the lead time is 25 days after deposit, so mid-February shipping is
    possible if we get the PO this week. UN38.3 and MSDS are available, I will send them
    together with the PI.

    Best regards,
    David
    '''))

msg('Z10', where=[ZW()], ua='outlook_en', qstyle='gt_nospace', date='2025-01-15 11:40:09', frm='mike.johnson',
    to=['zhang.wei|David Zhang'], parent='Z09', subject='RE: RFQ: PB-20000 power banks, 3,000 units',
    text=T('''
    David,

    Thanks, USD 15.30 works for us.
    From a process standpoint our system will issue the PO at the list price as you
    suggested; please make sure the credit note comes through before our fiscal quarter
    closes.

    PO GG-4471 will follow tomorrow.

    Mike
    '''))

msg('Z11', where=[ZW()], ua='foxmail', date='2025-01-16 10:15:30', frm='zhang.wei', to=['mike.johnson'],
    cc=['emily.carter'], parent='Z10', subject='RE: RFQ: PB-20000 power banks, 3,000 units',
    atts=[A_pdf('HN-PI-2025-0012.pdf', [
        'HaiNa Cross-Border Trading Ltd. - PROFORMA INVOICE',
        'PI No.: HN-PI-2025-0012        Date: 2025-01-16',
        'Buyer: Global Gadgets Inc., 350 Fifth Avenue, New York, NY 10118',
        'Your PO: GG-4471',
        'Item: PB-20000 power bank 20,000 mAh, black, GG retail packaging',
        'Qty: 3,000 pcs   Unit price: USD 18.00 FOB Shenzhen   Amount: USD 54,000.00',
        'Deposit 30%: USD 16,200.00   Balance 70% before B/L release: USD 37,800.00',
        'Beneficiary: HaiNa Cross-Border Trading Ltd. (company account only)',
        'Bank: China Merchants Bank, Shenzhen Branch   SWIFT: CMBCCNBS',
    ])], text=T('''
    Hi Mike,

    Received PO GG-4471, thank you. Please find attached our proforma invoice
    HN-PI-2025-0012 (3,000 x PB-20000 at USD 18.00, total USD 54,000.00).

    Deposit 30% (USD 16,200.00) to our company account as shown on the PI, please.
    My colleague Emily Carter will coordinate the shipping documents with you.

    Best regards,
    David
    '''))

msg('Z12', where=[ZW()], ua='outlook_cn', alt=True, date='2025-01-20 17:30:00', frm='xu.ting', to=['all'],
    subject='关于2025年春节放假安排的通知', text=T('''
    各位同事：

    根据国务院办公厅通知，结合公司实际情况，2025年春节放假安排如下：

      放假时间：1月28日（除夕）至2月4日（初七），共8天
      调休上班：1月26日（周日）、2月8日（周六）正常上班

    请各部门在放假前做好以下工作：
      1. 销售部：提前通知客户放假安排，节前最后发货日为1月24日；
      2. 客服部：安排值班人员，客服邮箱 service@haina-trade.com 每天至少查看一次；
      3. 财务部：1月24日前完成供应商付款；
      4. 离开办公室前关闭电脑、空调等电器。

    祝大家新春快乐，蛇年大吉！

    人事行政部
    '''))

# Big5 (Taiwan customer)
msg('Z13', where=[ZW('RO', 'A')], ua='outlook_tw', date='2025-01-21 10:00:35', frm='lin.zhiming',
    to=['zhang.wei|張偉'], subject='詢價：智能插座 SP-10 及 USB-C 數據線', text=T('''
    張經理 您好：

    我是台北鼎泰貿易的林志明，經朋友介紹得知貴司產品。
    我們想詢價以下產品，運往台灣基隆港：

      1. 智能插座 SP-10（台灣規格，110V）  2,000 個
      2. USB-C 數據線 1 米（60W）          5,000 條

    請提供 FOB 深圳報價、交期及保固條件。
    台灣市場對售後服務很重視，保固期限是我們選擇供應商的重要條件。

    謝謝！

    林志明
    採購經理
    鼎泰貿易有限公司
    台北市內湖區瑞光路 513 巷 22 號 5 樓
    電話：+886-2-2657-1234
    '''))

# "终身保修" promise; UTF-8 quoted-printable from Foxmail
msg('Z14', where=[ZW()], ua='foxmail', cs='UTF-8', cte='quoted-printable', hcs='UTF-8',
    date='2025-01-21 16:20:10', frm='zhang.wei', to=['lin.zhiming'], parent='Z13',
    subject='回复：詢價：智能插座 SP-10 及 USB-C 數據線', text=T('''
    林经理，您好！

    感谢您的询价，很高兴认识您。报价如下（FOB深圳，美元）：

      1. 智能插座 SP-10（110V 台湾规格）  USD 9.80/个 × 2,000 = USD 19,600.00
      2. USB-C 数据线 1米 60W            USD 1.20/条 × 5,000 = USD 6,000.00

    交期：下单后20天。

    关于保修，您放心：我们的产品可以给您终身保修，使用中出现任何质量问题都免费换新，
    不限次数。这是我个人给您的承诺，一般客户我们只给12个月。

    期待合作！
    '''))

msg('Z15', where=[ZW()], ua='outlook_tw', cte='8bit', date='2025-01-22 09:40:55', frm='lin.zhiming',
    to=['zhang.wei|張偉'], parent='Z14', subject='回覆: 詢價：智能插座 SP-10 及 USB-C 數據線', text=T('''
    張經理：

    謝謝您的報價和終身保修的承諾，這對我們很重要。
    為了對我們老闆有所交代，能否請您把「終身保修、免費換新」寫進正式合約
    或形式發票（PI）裡？

    如果可以，我們下週就下訂單。

    林志明
    '''))

msg('Z16', where=[ZW()], ua='foxmail', cs='GBK', cte='8bit', hcs='GBK', date='2025-02-05 09:05:12',
    frm='sun.qiang', to=['zhang.wei'], cc=['wang.fang'], subject='节后开工：请本周五前更新客户跟进表',
    sig=False, text=T('''
    张伟：

    节后第一天，新年快乐。请本周五前更新客户跟进表（共享盘\\销售部\\2025客户跟进.xlsx），
    重点是明达电子的合同进度、Global Gadgets 的尾款和鼎泰贸易的新询盘。

    另外，鼎泰那边说你答应了"终身保修"？公司的标准保修是12个月，超出标准的售后承诺
    必须走审批，请不要口头承诺。周五例会上说明一下。

    孙强
    '''))

# Scenario 4: unanswered customer (1/3)
msg('Z17', where=[ZW('RO')], ua='foxmail', date='2025-02-10 10:22:37', frm='he.jing', to=['zhang.wei|张经理'],
    subject='关于订单HN-SO-2025-0112退货退款的问题', text=T('''
    张经理：

    您好！

    我司1月15日收到贵司订单 HN-SO-2025-0112 的货物（TWS-X3蓝牙耳机800台，用于我司
    会员礼品），抽检发现其中约120台存在右耳无声的问题，检测报告和照片已于1月17日
    发给贵司客服（工单#10231），客服说需要您来审批退货退款。

    按合同约定，我们申请对这120台做退货退款处理，金额合计 RMB 21,546.00。
    请您确认退货地址和退款时间安排。

    谢谢！

    何静
    采购主管
    杭州云帆服饰有限公司
    电话：0571-8765 4321
    '''))

msg('Z18', where=[ZW()], ua='foxmail', date='2025-02-11 14:30:22', frm='zhang.wei', to=['zheng.hao'],
    cc=['emily.carter'], subject='Global Gadgets PO GG-4471 出货安排', text=T('''
    郑浩：

    Global Gadgets 的 PO GG-4471（PB-20000 移动电源 3000台）客户已付30%定金，
    工厂说2月14日可以完成包装，请安排2月17日前后的船期，FOB深圳（盐田港）。

    锂电池要走危险品申报（UN3480），UN38.3和MSDS报告在共享盘 \\销售部\\认证\\PB-20000 下。
    订舱后把船期和SO发我和 Emily。

    谢谢！
    '''))

# Scenario 2 (Chinese): bending a contract clause
msg('Z19', where=[ZW()], ua='foxmail', date='2025-02-13 11:15:40', frm='wang.fang', to=['huang.jianguo'],
    cc=['zhang.wei'], subject='明达电子采购合同 HN-SC-2025-001 条款确认', text=T('''
    黄经理：

    您好！合同法务已经审核完毕，盖章版明天快递给您。

    关于您昨天电话里提到的第5条付款条款和第7条违约金，这个条款我们可以通融一下：
    账期可以从"发货前付清"放宽到"收货后90天内付清"，逾期违约金我们也不会真的去追。
    合同文本就不改了（改了还要重新走法务和总经理审批，太慢），我们内部备注一下，
    按实际通融的来执行就行。

    这个安排张经理也同意了，您这边放心签。
    '''))

msg('Z20', where=[ZW()], ua='outlook_cn', date='2025-02-14 10:08:03', frm='huang.jianguo',
    to=['wang.fang|王助理'], cc=['zhang.wei|张经理'], parent='Z19',
    subject='答复: 明达电子采购合同 HN-SC-2025-001 条款确认', text=T('''
    王助理：

    收到，非常感谢您和张经理的通融！90天账期对我们现金流帮助很大。
    合同我们收到后当天盖章寄回。

    黄建国
    '''))

# Scenario 4 (2/3)
msg('Z21', where=[ZW('RO')], ua='foxmail', date='2025-02-17 09:50:18', frm='he.jing', to=['zhang.wei|张经理'],
    parent='Z17', subject='再次跟进：关于订单HN-SO-2025-0112退货退款的问题', text=T('''
    张经理：

    一周前我就退货退款的事情给您发过邮件（见下方），到现在还没有收到任何回复，
    打您手机也没人接。

    这120台不良品目前还占着我们仓库，月底前我们需要跟财务结账。
    麻烦您尽快确认退货地址和退款时间，谢谢。

    何静
    '''))

msg('Z22', where=[ZW()], ua='foxmail', date='2025-02-18 16:05:31', frm='zhang.wei', to=['mike.johnson'],
    cc=['emily.carter'], subject='Shipping schedule for PO GG-4471', text=T('''
    Hi Mike,

    Good news: PO GG-4471 (3,000 x PB-20000) is packed and booked.

      Vessel: COSCO HARMONY V.025E
      ETD Yantian: Feb 21, 2025
      ETA Los Angeles: Mar 8, 2025

    Emily will send the B/L draft, packing list and commercial invoice tomorrow.
    Balance payment (USD 37,800.00) is due before B/L release.

    Best regards,
    David
    '''))

# Reply WITHOUT In-Reply-To / References (subject-fallback threading)
msg('Z23', where=[ZW()], ua='iphone', refs=False, quote=False, date='2025-02-18 19:42:10',
    frm='mike.johnson', to=['zhang.wei|David Zhang'], subject='Re: Shipping schedule for PO GG-4471',
    text=T('''
    Thanks David. About the balance: as agreed, we will pay USD 37,800 minus the 15% we
    discussed (USD 8,100), i.e. USD 29,700. Please confirm the credit note by return.

    Sent from my iPhone
    '''))

# CC storm: 2 To + 12 Cc, replies-all keep it going
msg('ST1', where=[ZW()], ua='foxmail', date='2025-02-20 10:03:27', frm='sun.qiang',
    to=['zhang.wei', 'wang.fang'], cc=STAFF_Q2,
    headers=[('X-Priority', '1'), ('Importance', 'high')],
    subject='【重要】Q2促销政策及价格调整方案（征求意见稿）', text=T('''
    各位同事：

    为应对二季度的市场竞争，销售部拟定了Q2促销政策及价格调整方案（征求意见稿），
    涉及财务、客服、物流和咨询组的配合，请各部门在2月21日（周五）中午前反馈意见。

    一、价格调整
      1. TWS-X3 官网价由189元下调至179元，自4月1日起执行；
      2. 批量折扣上限仍为5%，特殊折扣须经总经理书面审批；
      3. 严禁销售人员私下承诺折扣、返点或超出标准的保修条款。

    二、促销活动
      1. 4月"海纳品质月"：老客户返单满10万元赠送一年延保；
      2. 5月参加深圳礼品展（展位 9B-21）。

    三、需各部门配合
      财务部：评估延保成本和返单折扣对毛利的影响；
      客服部：准备延保政策FAQ；
      运营部：确认4-5月的仓储和物流能力；
      咨询组：协助整理重点客户（明达、Nordic Home、蓉锦）的需求。

    谢谢！
    '''))

_to, _cc = reply_all('ST1', 'zhou.jie')
msg('ST2', where=[ZW()], ua='outlook_cn', date='2025-02-20 10:47:51', frm='zhou.jie', to=_to, cc=_cc,
    parent='ST1', subject='答复: 【重要】Q2促销政策及价格调整方案（征求意见稿）', text=T('''
    孙经理：

    财务这边有两点意见：
    1. "返单满10万元赠送一年延保"需要先测算延保成本，按去年的返修率（3.2%）估算，
       每10万元销售额约需计提售后成本2,400元，请在方案里注明由哪个部门承担；
    2. 建议明确"特殊折扣"的审批流程和留痕方式，所有折扣必须体现在合同和发票上，
       不接受任何形式的线下返点。
    '''))

_to, _cc = reply_all('ST1', 'huang.li')
msg('ST3', where=[ZW()], ua='foxmail', date='2025-02-20 11:20:14', frm='huang.li', to=_to, cc=_cc,
    parent='ST1', subject='回复：【重要】Q2促销政策及价格调整方案（征求意见稿）', text=T('''
    孙经理，各位：

    客服部可以在3月20日前准备好延保政策FAQ。

    另外提醒一下，目前客服邮箱里有几位客户在催退货退款（包括杭州云帆服饰的工单#10231），
    请相关销售同事尽快处理。
    '''))

_to, _cc = reply_all('ST3', 'zhang.wei')
msg('ST4', where=[ZW()], ua='foxmail', date='2025-02-20 14:02:39', frm='zhang.wei', to=_to, cc=_cc,
    parent='ST3', subject='回复：回复：【重要】Q2促销政策及价格调整方案（征求意见稿）', text=T('''
    收到。明达和鼎泰的需求我会整理给咨询组。
    '''))

_to, _cc = reply_all('ST2', 'ma.xiaodong')
msg('ST5', where=[ZW()], ua='iphone', date='2025-02-20 15:31:08', frm='ma.xiaodong', to=_to, cc=_cc,
    parent='ST2', quote=False, sig=False, subject='Re: 答复: 【重要】Q2促销政策及价格调整方案（征求意见稿）',
    text=T('''
    各位，请不要再"回复全部"了，意见直接回复孙强一人即可。
    财务提的两点我同意，所有折扣必须在合同和发票上体现。

    马晓东
    发自我的iPhone
    '''))

_to, _cc = reply_all('ST5', 'lin.xiaoyu')
msg('ST6', where=[ZW()], ua='thunderbird', date='2025-02-20 15:40:22', frm='lin.xiaoyu', to=_to, cc=_cc,
    parent='ST5', sig=False, subject='Re: 答复: 【重要】Q2促销政策及价格调整方案（征求意见稿）', text=T('''
    收到，谢谢马总！

    林晓雨
    '''))

_to, _cc = reply_all('ST6', 'sun.qiang')
msg('ST7', where=[ZW()], ua='foxmail', date='2025-02-21 09:15:46', frm='sun.qiang', to=_to, cc=_cc,
    parent='ST6', subject='回复：Re: 答复: 【重要】Q2促销政策及价格调整方案（征求意见稿）', text=T('''
    各位：

    感谢大家的反馈（也请大家以后注意，不需要回复全部）。方案定稿后另行发布，
    下周一（2月24日）下午2点在A会议室讨论，销售部、财务部、客服部负责人参加。
    '''))

# Scenario 4 (3/3): unread (Status: O)
msg('Z24', where=[ZW('O')], ua='foxmail', date='2025-02-24 16:45:02', frm='he.jing', to=['zhang.wei|张经理'],
    cc=['service'], parent='Z21', subject='第三次来信：订单HN-SO-2025-0112退款仍未处理，请今天内答复',
    headers=[('X-Priority', '1')], text=T('''
    张经理：

    这是我第三次就同一件事给您写邮件了（2月10日、2月17日，见下方），两周过去了，
    没有任何答复，电话也打不通。

    我们作为合作了两年的客户，对这样的处理方式非常失望。
    如果今天下班前仍然收不到答复，我们将：
      1. 向贵司管理层正式投诉；
      2. 暂停支付其他订单的货款；
      3. 重新评估明年的合作。

    抄送贵司客服邮箱备案。

    何静
    '''))

msg('Z25', where=[ZW('RO', 'F')], ua='foxmail', date='2025-02-25 09:20:30', frm='sun.qiang', to=['zhang.wei'],
    cc=['huang.li'], subject='云帆服饰投诉：退货退款为什么三次来信都没有回复？', text=T('''
    张伟：

    杭州云帆服饰的何静昨天第三次来信催退货退款（HN-SO-2025-0112，120台，
    RMB 21,546.00），抄送了客服邮箱，黄丽转给了我。从2月10日到现在两周，
    你一封都没有回。

    请今天中午前给客户回复，并把处理方案抄送我和黄丽。这种情况不能再发生。
    '''))

msg('Z26', where=[ZW()], ua='foxmail', date='2025-02-25 11:48:16', frm='zhang.wei', to=['he.jing'],
    cc=['sun.qiang', 'huang.li'], parent='Z24',
    subject='回复：第三次来信：订单HN-SO-2025-0112退款仍未处理，请今天内答复', text=T('''
    何主管：

    非常抱歉！春节前后事情太多，您的邮件被我漏掉了，这是我的失误。

    处理方案如下：
      1. 退货：请将120台不良品寄到我司龙华仓（地址见下），运费到付；
         深圳市龙华区观澜街道桂花路66号 海纳龙华仓 收货人：郑浩
      2. 退款：收货检验后5个工作日内退款 RMB 21,546.00 到贵司对公账户。

    再次向您致歉。
    '''))

# Scenario 3: request to transfer to a PERSONAL account (PII: card, mobile, resident ID)
msg('P1', where=[ZW()], ua='iphone', date='2025-03-05 22:10:27', frm='zhang.wei', to=['huang.jianguo'],
    sig=False, subject='关于货款支付方式的调整', text=T('''
    黄经理：

    晚上好，打扰了。关于第二批货（HN-SO-2025-0036）的尾款 RMB 448,875.00，
    因为公司对公账户最近在做变更，请把货款转到我个人账户，我收到后当天转给公司：

      户名：张伟
      开户行：招商银行深圳南山支行
      卡号：%s
      手机：%s
      身份证号：%s（银行要求备注时用）

    之前说的15%%差价（2500台 × 18.90元 = 47,250元）这次直接从这笔里扣掉，
    您按 RMB 401,625.00 转就可以，转账备注写"货款"。

    这事请不要通过邮件跟我们财务确认，直接微信联系我。

    张伟
    发自我的iPhone
    ''') % (CARD_SP, MOBILE, RESIDENT_ID))

msg('P2', where=[ZW()], ua='outlook_cn', date='2025-03-06 09:30:12', frm='huang.jianguo',
    to=['zhang.wei|张经理'], parent='P1', subject='答复: 关于货款支付方式的调整', text=T('''
    张经理：

    这个我需要跟我们财务确认一下。按我们公司的规定，货款只能对公转账，
    转到个人账户恐怕财务那边过不了。我让钱晓梅跟贵司财务核实一下。

    黄建国
    '''))

msg('P3', where=[ZW('RO', 'F')], ua='outlook_cn', date='2025-03-10 10:05:44', frm='zhao.min', to=['zhang.wei'],
    cc=['sun.qiang', 'zhou.jie'], headers=[('Disposition-Notification-To', 'zhao.min@haina-trade.com'),
                                          ('Sensitivity', 'Company-Confidential')],
    subject='关于要求客户向个人账户转账一事的调查通知', text=T('''
    张伟：

    合规部接到财务部转来的情况：深圳明达电子财务于3月7日来函，称你要求对方将订单
    HN-SO-2025-0036 的尾款转入你的个人银行账户。

    根据《员工行为准则》第4.2条和《资金管理制度》，任何员工不得要求或接受客户
    向个人账户支付公司款项。请你：

      1. 今天下午3点到合规部（12楼1206室）说明情况；
      2. 在调查结束前，不得联系明达电子财务人员，不得处理任何收款事宜；
      3. 保留与该客户往来的全部邮件和聊天记录，不得删除。

    本邮件及调查内容请保密。
    '''))

msg('P4', where=[ZW()], ua='foxmail', date='2025-03-10 13:12:29', frm='zhang.wei', to=['zhao.min'],
    parent='P3', subject='回复：关于要求客户向个人账户转账一事的调查通知', text=T('''
    赵经理：

    收到。这是个误会，我是想帮客户尽快走完流程，考虑不周。
    下午3点我准时过去说明。
    '''))

msg('Z27', where=[ZW('RO', 'AF')], ua='outlook_en', date='2025-03-12 09:14:05', frm='mike.johnson',
    to=['zhang.wei|David Zhang'], subject='Invoice HN-INV-2025-0045 - where is the credit note?', text=T('''
    David,

    We received the commercial invoice HN-INV-2025-0045 for PO GG-4471 at the full list
    price (USD 54,000.00) and still no credit note for the 15% below list price you
    promised in January. Our AP team (Sarah Lee) is holding the balance payment until
    this is sorted out.

    Please send the credit note this week.

    Mike
    '''))

msg('Z28', where=[ZW()], ua='foxmail', date='2025-03-13 08:52:33', frm='zhang.wei', to=['mike.johnson'],
    parent='Z27', subject='RE: Invoice HN-INV-2025-0045 - where is the credit note?', text=T('''
    Hi Mike,

    Sorry for the delay. Please let's not discuss the discount by email or with Sarah --
    I will call you tonight (your morning) and explain how we will settle it.
    For now please ask Sarah to pay the balance as per the invoice.

    Best regards,
    David
    '''))

# The DUPLICATE: also stored in chen.jing/.Customers.Mingda/cur (byte-identical except Status/X-Status)
msg('DUP', where=[ZW('RO', 'F'), CJ('.Customers.Mingda', 'FS')], ua='outlook_cn',
    date='2025-03-18 15:26:40', frm='huang.jianguo', to=['zhang.wei|张经理'], cc=['chen.jing|陈顾问'],
    subject='明达电子2025年度采购框架方案讨论', text=T('''
    张经理、陈顾问：

    您好！

    经过前期沟通，我司希望与贵司签订2025年度采购框架协议，初步设想如下：

      1. 年度采购量：TWS-X3 约20,000台，SP-10 智能插座约8,000个；
      2. 按季度下单，每季度初确认数量；
      3. 价格按年度框架价执行，希望在官网价基础上有统一的年度折扣；
      4. 希望贵司咨询组协助我们优化库存和补货节奏（陈顾问上次提到的VMI方案）。

    请陈顾问在3月底前给出框架方案和咨询服务报价，张经理给出年度产品报价。
    下周二（3月25日）下午我们可以到贵司面谈。

    谢谢！

    黄建国
    采购经理
    深圳明达电子有限公司
    '''))

msg('Z29', where=[ZW()], ua='foxmail', date='2025-03-21 17:02:15', frm='zheng.hao', to=['zhang.wei'],
    subject='明达电子首批2500台 TWS-X3 已发货', text=T('''
    张伟：

    明达电子首批 TWS-X3 2500台（HN-SO-2025-0036 第一批）今天已从龙华仓发出：

      承运：顺丰快运（重货）
      运单号：SF1402557833612
      件数：50箱（每箱50台）
      预计到货：3月22日上午，收货人黄建国

    签收单回来后我扫描发你。
    '''))

# Scenario 6: personal mail after hours
msg('Z30', where=[ZW()], ua='foxmail', date='2025-04-02 22:34:18', frm='zhang.wei', to=['wanglei|磊子'],
    sig=False, subject='周六同学聚会吃饭', text=T('''
    磊子：

    周六晚上6点半，老地方（南山海岸城的潮汕牛肉火锅），我订了12个人的包间。
    老班长说要带家属，你要是带嫂子来提前跟我说一声，我好改位子。

    最近公司事多，被合规的人盯上了，烦得很，见面再聊。

    伟
    '''))

msg('Z31', where=[ZW()], ua='qq', date='2025-04-02 23:05:47', frm='wanglei', to=['zhang.wei|张伟'],
    parent='Z30', subject='回复：周六同学聚会吃饭', text=T('''
    没问题，我和你嫂子都来，孩子放我妈那儿。
    合规那事别太担心，实在不行就换个地方干，我们公司也在招销售。

    磊
    '''))

msg('Z32', where=[ZW()], ua='foxmail', date='2025-04-14 18:20:03', frm='zhang.wei', to=['sun.qiang'],
    subject='4月销售周报（第15周）张伟', text=T('''
    孙经理：

    上周（第15周）销售情况汇报如下：

      1. 明达电子：首批2500台已签收，第二批尾款已由明达对公转账至公司账户；
         年度框架方案已与咨询组陈静对接，预计4月底报价。
      2. Global Gadgets：GG-4471 尾款已到账；新询盘 PB-20000 5000台，报价中。
      3. 鼎泰贸易：SP-10 首单2000个已下单，保修条款按公司标准12个月写入合同。
      4. 杭州云帆服饰：退货120台已收到，退款 RMB 21,546.00 已提交财务。

    本周计划：跟进 Global Gadgets 新询盘，拜访明达电子。
    '''))

# Reply WITHOUT In-Reply-To / References
msg('Z33', where=[ZW()], ua='foxmail', refs=False, date='2025-04-15 09:02:44', frm='sun.qiang', to=['zhang.wei'],
    parent='Z32', subject='回复：4月销售周报（第15周）张伟', sig=False, text=T('''
    收到。Global Gadgets 新询盘的报价发出前先给我看，按标准价格表走，不允许私下折扣。

    孙强
    '''))

QUOTE_TXT_041 = T('''
    海纳跨境贸易有限公司 报价单
    报价单号：HN-QT-2025-041
    客户：深圳明达电子有限公司
    日期：2025-05-08

    型号        数量    单价(RMB,含税)   金额(RMB)
    TWS-X3      6000    179.55          1,077,300.00
    SP-10       3000     65.55            196,650.00
    合计                                  1,273,950.00

    有效期：30天
    付款：30%预付，发货前付清
    质保：12个月
    ''')

# nested multipart: mixed{ alternative{plain, html}, png, txt with RFC 2231 filename }
msg('Z34', where=[ZW()], ua='thunderbird', cte='base64', alt=True, date='2025-05-08 14:36:21', frm='zhang.wei',
    to=['huang.jianguo'], subject='明达电子Q3备货计划及报价',
    atts=[A_png('TWS-X3_packaging.png', 32, 24, 1),
          A_txt('报价单.txt', QUOTE_TXT_041, 'utf-8', 'UTF-8', 'rfc2231')],
    text=T('''
    黄经理：

    您好！根据贵司Q3备货计划，报价如下（详见附件报价单）：

      TWS-X3 蓝牙耳机  6,000台  RMB 179.55/台（年度框架价，官网价的95折）
      SP-10 智能插座    3,000个  RMB 65.55/个

    附件另有 TWS-X3 新款包装效果图，请确认LOGO位置。
    交期：7月15日前分两批交付。付款：按合同标准条款（30%预付，发货前付清）。
    '''))

msg('Z35', where=[ZW('RO', 'F')], ua='outlook_cn', date='2025-05-09 10:11:52', frm='huang.jianguo',
    to=['zhang.wei|张经理'], parent='Z34', subject='答复: 明达电子Q3备货计划及报价', text=T('''
    张经理：

    报价收到。这次怎么又是标准价了？之前说好的比官网价低15%呢？
    我们老板已经按之前的价格做了预算，请您给个说法。

    黄建国
    '''))

msg('Z36', where=[ZW()], ua='outlook_cn', date='2025-06-11 10:30:09', frm='wu.lei', to=['zhang.wei'],
    cc=['sun.qiang'], subject='陈静离职后明达电子咨询项目的交接', text=T('''
    张伟：

    陈静6月13日最后一天上班，她负责的明达电子供应链咨询项目由我接手。
    明达那边的年度框架方案和二期报价还有几个未决事项，下周一我们一起和黄经理开个电话会。

    另外提醒：陈静离职前的客户资料交接以咨询组共享盘为准，客户问起请统一口径。
    '''))

msg('Z37', where=[ZW()], ua='foxmail', date='2025-06-16 21:40:33', frm='zhang.wei', to=['liumin|老婆'],
    sig=False, subject='今晚又要加班', text=T('''
    老婆：

    今晚还在公司赶明达的报价，晚饭别等我了，大概11点前到家。
    儿子的数学作业你先帮他检查一下，周末兴趣班的学费我明天转给你。

    伟
    '''))

# ---------------------------------------------------------------- 陈静 Maildir++
msg('CI1', where=[CJ('', 'S')], ua='outlook_cn', date='2025-01-06 14:05:22', frm='wu.lei', to=['chen.jing'],
    subject='咨询组2025年重点客户分工', text=T('''
    陈静：

    2025年咨询组重点客户分工如下：

      陈静：深圳明达电子（供应链优化）、Nordic Home AB（中国采购咨询）、
            成都蓉锦家居（智能家居品类规划，3月启动）
      吴磊：其他存量客户及新客户开发

    请每月底提交客户进展，重点项目的方案和报价发出前抄送我。
    客户资料统一存放在咨询组共享盘，不要存在个人电脑或个人邮箱里。
    '''))

msg('CT1', where=[CJ('.Sent', 'S')], ua='apple', date='2025-02-10 18:30:12', frm='chen.jing', to=['wu.lei|吴老师'],
    subject='2月工作计划（陈静）', text=T('''
    吴老师：

    2月工作计划：
      1. Nordic Home：2月12日前提交中国采购咨询方案和报价（已收到需求）；
      2. 明达电子：完成供应链现状调研，2月底提交诊断报告；
      3. 准备蓉锦家居项目的前期资料。
    '''))

msg('N1', where=[CJ('.Customers.Nordic', 'FRS')], ua='outlook_se', date='2025-02-03 14:22:10',
    frm='erik.lindqvist', to=['chen.jing'], subject='Nordic Home – sourcing consultancy proposal request',
    text=T('''
    Dear Chen Jing,

    It was a pleasure meeting you at the Canton Fair last autumn.
    As discussed, Nordic Home would like to engage HaiNa's consultancy team to help us set
    up our sourcing in China for 2025-2026:

      - supplier screening for kitchen textiles and small home electronics
      - factory audits (quality and social compliance)
      - consolidation of shipments to Gothenburg

    Could you send us a proposal and a fee quotation by mid-February?

    Kind regards,
    Erik Lindqvist
    Head of Sourcing
    Nordic Home AB
    Sveavägen 44, 111 34 Stockholm, Sweden
    Tel: +46 8 555 123 45
    '''))

msg('N2', where=[CJ('.Customers.Nordic', 'FS')], ua='apple', date='2025-02-12 17:10:48', frm='chen.jing',
    to=['erik.lindqvist'], parent='N1', subject='Re: Nordic Home – sourcing consultancy proposal request',
    atts=[A_pdf('HaiNa_NordicHome_Proposal_2025.pdf', [
        'HaiNa Cross-Border Trading Ltd. - Consultancy Team',
        'PROPOSAL: China sourcing consultancy for Nordic Home AB',
        'Version 1.0, 2025-02-12, prepared by Chen Jing (Senior Consultant)',
        'Phase 1 (Mar-Apr): supplier screening, 3 categories, shortlist of 8-10 factories',
        'Phase 2 (May-Jun): factory audits, up to 6 on-site audits',
        'Phase 3 (from Jul): shipment consolidation via Longhua warehouse',
        'Fee phases 1-2: EUR 18,000 (50% on signing, 50% on final report)',
        'Open points: target price levels; audit standard (amfori BSCI or own code)',
        'CONFIDENTIAL',
    ])], text=T('''
    Dear Erik,

    Thank you for your trust. Please find attached our proposal.

    Summary:
      - Phase 1 (Mar-Apr): supplier screening, 3 categories, shortlist of 8-10 factories
      - Phase 2 (May-Jun): factory audits (up to 6 on-site audits)
      - Phase 3 (from Jul): shipment consolidation via our Longhua warehouse

    Fee: EUR 18,000 for phases 1-2; phase 3 charged per shipment.

    Open points on our side: your target price levels per category, and whether the audits
    should follow amfori BSCI or your own code of conduct.

    Best regards,
    Chen Jing
    '''))

# Scenario 2 (English): "we can be flexible on the payment term clause"
msg('N3', where=[CJ('.Customers.Nordic', 'FS')], ua='foxmail', date='2025-02-14 10:32:17', frm='wang.fang',
    to=['erik.lindqvist'], cc=['chen.jing'], subject='Nordic Home – draft supply agreement, payment terms',
    text=T('''
    Dear Erik,

    I am Wang Fang, sales assistant at HaiNa, supporting Chen Jing on your account.
    Following your call with Chen Jing about the supply agreement for the first product
    order (kitchen textiles, approx. EUR 45,000):

    Our standard contract says payment within 30 days after shipment. Don't worry about
    it -- we can be flexible on the payment term clause. In practice you can pay within
    90 days, and we will not charge the late-payment interest in clause 9. We'd rather not
    change the written contract, because that needs approval from our finance and legal
    team, so let's just keep this between us.

    Best regards,
    Wang Fang
    '''))

msg('N4', where=[CJ('.Customers.Nordic', 'S')], ua='outlook_se', date='2025-02-17 08:55:39', frm='erik.lindqvist',
    to=['wang.fang'], cc=['chen.jing'], parent='N3',
    subject='RE: Nordic Home – draft supply agreement, payment terms', text=T('''
    Dear Wang Fang,

    Thank you, that is very helpful. 90 days fits our cash cycle much better.
    However, our auditors require that payment terms are written in the contract.
    Could you at least send us an e-mail confirmation signed by your manager?

    Best regards,
    Erik
    '''))

msg('M1', where=[CJ('.Customers.Mingda', 'FS')], ua='outlook_cn', date='2025-02-26 10:40:15', frm='huang.jianguo',
    to=['chen.jing|陈顾问'], subject='明达电子供应链优化咨询需求', text=T('''
    陈顾问：

    您好！上周和您聊过之后，我们内部讨论了一下，希望贵司咨询组帮我们做一期供应链
    优化咨询，重点是：

      1. 蓝牙耳机等电子配件的库存周转（目前约75天，希望降到45天以内）；
      2. 与主要供应商（包括贵司）的补货节奏和VMI（供应商管理库存）试点；
      3. 旺季（6月和11月）的备货预测。

    请您给一个方案和报价，我们3月中旬内部立项。

    黄建国
    '''))

msg('CI2', where=[CJ('', 'RS')], ua='outlook_cn', codec='gbk', hcodec='gbk', date='2025-03-03 09:40:10', frm='wu.lei', to=['chen.jing'],
    subject='蓉锦家居项目启动', text=T('''
    陈静：

    成都蓉锦家居的李喆（总经理助理）下周会联系你，项目是智能家居品类规划，
    预算在15万左右。请先准备一个方案框架，报价按咨询组标准人天价（RMB 6,000/人天）。
    '''))

# proposal that is later forwarded to a private gmail address (message/rfc822)
msg('M2', where=[CJ('.Customers.Mingda', 'FS')], ua='apple', date='2025-03-04 16:18:42', frm='chen.jing',
    to=['huang.jianguo'], cc=['wu.lei'], parent='M1', quote=False,
    subject='明达电子供应链优化咨询方案（初稿）',
    atts=[A_pdf('Mingda_SCM_Proposal_v0.9.pdf', [
        'HaiNa Cross-Border Trading Ltd. - Consultancy Team',
        'PROPOSAL (DRAFT v0.9): Supply chain optimisation for Shenzhen Mingda Electronics',
        'Date: 2025-03-04   Consultant: Chen Jing',
        '1. Diagnosis (2 weeks): inventory structure, days of inventory, stock-outs',
        '2. Replenishment model (3 weeks): safety stock, reorder point, seasonality',
        '3. VMI pilot (4 weeks): TWS-X3 and SP-10, linked to HaiNa Longhua warehouse',
        'Phase 1 fee: RMB 128,000 (incl. VAT), two instalments',
        'Phase 2 (VMI roll-out): quoted separately',
        'CONFIDENTIAL - for Shenzhen Mingda Electronics only',
    ])], text=T('''
    黄经理：

    您好！附件是供应链优化咨询方案初稿，主要内容：

      一、现状诊断（2周）：库存结构、周转天数、缺货/积压分析
      二、补货模型设计（3周）：安全库存、再订货点、季节性预测
      三、VMI试点（4周）：选取TWS-X3和SP-10两个品类，与海纳龙华仓联动

      报价：一期咨询费 RMB 128,000（含税），分两期支付；
      二期（VMI推广）另行报价。

    几个待确认的问题：
      1. 贵司ERP能否导出近两年的进销存数据？
      2. VMI试点仓库放在贵司宝安仓还是我司龙华仓？
      3. 项目对接人是否由您本人担任？
    '''))

# GB2312 label but GBK-only character (喆) in the text -> decoders must treat GB2312 as GBK
msg('R1', where=[CJ('.Customers.Rongjin', 'FRS')], ua='foxmail', codec='gbk', hcodec='gbk',
    date='2025-03-12 14:03:27', frm='li.zhe', to=['chen.jing|陈顾问'],
    subject='蓉锦家居智能家居品类规划咨询（李喆）', text=T('''
    陈顾问：

    您好！我是成都蓉锦家居的李喆，吴磊老师介绍我联系您。

    我司目前在成都有12家门店，主营实木家具和软装，计划今年下半年引入智能家居品类
    （智能照明、智能插座、扫地机器人等）。想请贵司协助：

      1. 品类规划和选品（首批30-50个SKU）；
      2. 供应商推荐和采购价格评估；
      3. 门店陈列和导购培训建议。

    预算大概在15万左右，请给一个方案和报价。

    李喆
    总经理助理
    成都蓉锦家居有限公司
    电话：028-8555 6677
    '''))

RONGJIN_CSV = T('''
    序号,工作内容,人天,单价(RMB/人天),金额(RMB)
    1,市场与竞品分析,6,6000,36000
    2,品类结构及价格带设计,5,6000,30000
    3,首批SKU选品建议,4,6000,24000
    4,供应商推荐及样品评估,6,6000,36000
    5,门店陈列方案及导购培训,4,6000,24000
    ,合计,25,,150000
    ''')

msg('R2', where=[CJ('.Customers.Rongjin', 'FS')], ua='apple', date='2025-03-20 16:40:51', frm='chen.jing',
    to=['li.zhe|李助理'], parent='R1', subject='蓉锦家居智能家居品类规划方案及报价',
    atts=[A_csv('蓉锦家居_咨询报价.csv', RONGJIN_CSV, 'utf-8', fname='rfc2047', fcs='UTF-8',
                ctype='text/csv', charset='utf-8', bom=True)],
    text=T('''
    李助理：

    您好！方案和报价如下（报价明细见附件）：

      一、品类规划：市场与竞品分析、品类结构和价格带设计、首批40个SKU建议清单
      二、供应商推荐：每个品类推荐2-3家供应商，含样品评估
      三、门店落地：陈列方案、导购培训（2场）

      费用合计：RMB 150,000（含税），按 40%/40%/20% 分三期支付
      周期：8周

    有几个问题需要您确认：门店平均面积？是否需要我们参与供应商谈判？
    '''))

msg('N5', where=[CJ('.Customers.Nordic', 'FRS')], ua='outlook_se', date='2025-04-08 09:12:03', frm='erik.lindqvist',
    to=['chen.jing'], parent='N2', subject='RE: Nordic Home – sourcing consultancy proposal request', text=T('''
    Dear Chen Jing,

    We are ready to proceed, but a few open points need to be settled before signing:

      1. Warranty: a colleague of Wang Fang told us HaiNa offers a lifetime warranty on
         electronics -- can this be included in the supply agreement?
      2. Payment terms: 30 days (contract) or 90 days (as Wang Fang confirmed in February)?
      3. MOQ for the first order.
      4. Payment schedule of the consultancy fee.

    Kind regards,
    Erik
    '''))

msg('CT2', where=[CJ('.Sent', 'S')], ua='apple', date='2025-04-09 10:05:33', frm='chen.jing',
    to=['erik.lindqvist'], parent='N5', subject='Re: Nordic Home – sourcing consultancy proposal request',
    text=T('''
    Hi Erik,

    Thank you for the list. Our answers to the open points:

    1. Warranty: our standard product warranty is 12 months. I'll check internally whether
       an extended warranty is possible -- please don't rely on any verbal promise until it
       is in the contract.
    2. Payment terms: I understand my colleague Wang Fang mentioned 90 days. The contract
       template says 30 days; I need to confirm with our finance team which one applies.
    3. MOQ: 500 units per SKU for the first order, 1,000 afterwards.
    4. Consultancy fee: EUR 18,000 as proposed; 50% on signing, 50% on the final report.

    I'll come back on points 1 and 2 by the end of April.

    Best regards,
    Chen Jing
    '''))

msg('M3', where=[CJ('.Customers.Mingda', 'FRS')], ua='outlook_cn', date='2025-04-10 11:30:27', frm='huang.jianguo',
    to=['chen.jing|陈顾问'], parent='M2', subject='答复: 明达电子供应链优化咨询方案（初稿）', text=T('''
    陈顾问：

    方案我们内部看过了，总体认可，一期咨询费 RMB 128,000 没问题，合同走我司模板。
    对您提的三个问题：
      1. ERP数据可以导出，我让IT下周发给您；
      2. VMI试点仓库倾向放在贵司龙华仓，费用怎么算？
      3. 对接人是我。

    另外还有几个未决事项需要您确认：
      a) 二期VMI推广的报价大概多少？
      b) 张经理说年度框架里产品价格会有额外折扣，咨询费能不能也一起打包优惠？

    黄建国
    '''))

msg('R3', where=[CJ('.Customers.Rongjin', 'FS')], ua='foxmail', codec='gbk', hcodec='gbk',
    date='2025-04-25 11:18:36', frm='li.zhe', to=['chen.jing|陈顾问'], parent='R2',
    subject='回复：蓉锦家居智能家居品类规划方案及报价', text=T('''
    陈顾问：

    方案我们老板看过了，有几点意见：
      1. 费用希望控制在12万以内；
      2. 增加3家门店的实地调研；
      3. 导购培训希望增加到4场。

    另外听说贵司的智能插座SP-10是终身保修？如果是的话我们可以考虑直接采购。
    以上请您尽快回复，我们5月中旬要定预算。

    李喆
    '''))

msg('M4', where=[CJ('.Customers.Mingda', 'FS')], ua='apple', date='2025-05-22 15:48:09', frm='chen.jing',
    to=['huang.jianguo'], cc=['wu.lei'], parent='M3', subject='明达电子咨询项目二期报价', text=T('''
    黄经理：

    二期（VMI推广）咨询报价如下：
      - 范围：将VMI从2个品类推广到全部电子配件品类（约35个SKU），含3个月陪跑
      - 费用：RMB 96,000（含税）
      - 周期：2025年7月至9月

    关于您提到的"咨询费和产品折扣打包"：咨询服务和产品销售是分开签约的，
    产品价格请以销售部的正式报价为准，我这边无法承诺产品折扣。

    未决事项：龙华仓VMI仓储费（按托盘/月计）我在跟运营部确认，下周回复您。
    '''))

msg('CT3', where=[CJ('.Sent', 'S')], ua='apple', date='2025-05-28 09:30:00', frm='chen.jing', to=['xu.ting'],
    cc=['wu.lei'], subject='离职申请', text=T('''
    许婷：

    因个人职业发展原因，我申请辞去咨询组高级咨询顾问职务，希望最后工作日为2025年6月13日。
    离职前我会做好客户交接工作。感谢公司这几年的培养。
    '''))

msg('CI3', where=[CJ('', 'S')], ua='outlook_cn', date='2025-05-29 10:15:37', frm='xu.ting', to=['chen.jing'],
    cc=['wu.lei'], parent='CT3', subject='答复: 离职申请', text=T('''
    陈静：

    你的离职申请已收到，经吴磊和马总审批，最后工作日确定为2025年6月13日。
    请在6月12日前完成以下交接：
      1. 负责客户（明达电子、Nordic Home、蓉锦家居）的方案、报价及未决事项清单交给吴磊；
      2. 归还笔记本电脑和门禁卡；
      3. 签署保密协议确认书。

    祝前程似锦！
    '''))

# Departing consultant forwards a customer proposal to her private gmail (message/rfc822)
msg('CT4', where=[CJ('.Sent', 'S')], ua='apple', date='2025-06-09 21:52:04', frm='chen.jing',
    to=['chenjing.gmail|Grace Chen'], sig=False, subject='Fwd: 明达电子供应链优化咨询方案（初稿）',
    atts=[A_eml('明达电子供应链优化咨询方案（初稿）.eml', 'M2')], text=T('''
    备份

    '''))

msg('CI4', where=[CJ('', 'RS')], ua='outlook_cn', date='2025-06-10 09:08:55', frm='wu.lei', to=['chen.jing'],
    cc=['xu.ting'], subject='关于你负责客户的交接', text=T('''
    陈静：

    交接请务必包括：
      1. 明达电子：框架方案终稿、二期咨询报价（是否已发给客户？）、VMI试点的未决事项；
      2. Nordic Home：咨询合同签署状态、付款条件（听王芳说和客户约定过账期？请说明）；
      3. 蓉锦家居：品类规划方案及报价，客户提出的几点修改意见。

    请在6月12日下班前发给我，并抄送许婷。
    '''))

msg('CI5', where=[CJ('', 'S')], ua='outlook_cn', date='2025-06-11 16:22:18', frm='zhao.min', to=['chen.jing'],
    subject='离职人员信息安全提醒', text=T('''
    陈静：

    根据公司《信息安全管理制度》，离职人员需遵守以下规定：

      1. 不得将公司客户资料、方案、报价等文件转发至个人邮箱或拷贝至个人设备；
      2. 离职前已转出的公司资料，请在离职当天前删除并书面确认；
      3. 离职后仍需遵守保密协议，保密期两年。

    合规部例行检查中发现你的邮箱在6月9日有一封发往外部个人邮箱（gmail.com）的邮件，
    请在明天交接时一并说明。
    '''))

HANDOVER_TXT = T('''
    客户交接清单（陈静 → 吴磊） 2025-06-12

    一、深圳明达电子有限公司（联系人：黄建国 采购经理 huang.jianguo@mingda-elec.com）
      - 项目：供应链优化咨询（一期进行中，二期待签）
      - 文件：供应链诊断报告、咨询方案（初稿 2025-03-04）、二期报价 RMB 96,000
      - 未决：二期报价未确认；VMI试点仓储费未定；年度框架折扣需与销售部核实

    二、Nordic Home AB（联系人：Erik Lindqvist, Head of Sourcing）
      - 项目：中国采购咨询，报价 EUR 18,000
      - 未决：付款条件（30天 / 90天）；保修条款措辞；合同未签

    三、成都蓉锦家居有限公司（联系人：李喆 总经理助理）
      - 项目：智能家居品类规划，报价 RMB 150,000
      - 未决：客户要求降价至 RMB 120,000 并增加门店调研；二期（门店体验区）待报价
    ''')

msg('CT5', where=[CJ('.Sent', 'S')], ua='apple', date='2025-06-12 17:45:19', frm='chen.jing', to=['wu.lei|吴老师'],
    cc=['xu.ting'], subject='客户交接清单（明达电子 / Nordic Home / 蓉锦家居）',
    atts=[A_txt('客户交接清单_明达电子_NordicHome_蓉锦家居_未决事项.txt', HANDOVER_TXT, 'utf-8', 'UTF-8',
                'rfc2231cont')],
    text=T('''
    吴老师：

    客户交接清单见附件，三个客户的方案、报价文件都已放到咨询组共享盘\\客户\\2025 下。
    几个需要特别注意的未决事项：

      1. 明达电子：二期咨询报价（RMB 96,000）客户尚未确认；框架协议中的年度折扣张伟
         那边口头答应过客户，我不清楚具体数字，请跟张伟核实。
      2. Nordic Home：付款条件30天还是90天仍未确定（王芳跟客户说过可以通融到90天）；
         保修条款客户希望写"lifetime warranty"，我没有答应。
      3. 蓉锦家居：品类规划方案报价 RMB 150,000，客户要求降到12万并增加门店调研，未答复。
    '''))

# new/ (unread, arrived after she left)
msg('CW1', where=[CJ('', '', 'new')], ua='outlook_se', date='2025-06-16 10:12:40', frm='erik.lindqvist',
    to=['chen.jing'], parent='CT2', subject='RE: Nordic Home – sourcing consultancy proposal request', text=T('''
    Hi Chen Jing,

    Following up on the open points from April -- we have not heard back about the
    warranty wording and the payment terms. Could you please confirm by the end of this
    week? We'd like to sign before our summer break (from 27 June).

    Kind regards,
    Erik
    '''))

msg('CW2', where=[CJ('', '', 'new')], ua='foxmail', codec='gbk', hcodec='gbk', date='2025-06-17 11:05:26',
    frm='li.zhe', to=['chen.jing|陈顾问'], subject='关于二期咨询报价，请尽快回复', text=T('''
    陈顾问：

    您好！上次提到的二期咨询（门店智能家居体验区规划）报价，我们一直在等，
    老板催了几次，麻烦您这两天给个回复。如果您不方便，也可以让贵司其他同事对接。

    谢谢！

    李喆
    总经理助理
    成都蓉锦家居有限公司
    '''))

# ---------------------------------------------------------------- 李娜 maildir
msg('L01', where=[LN()], ua='outlook_cn', date='2025-01-07 09:30:18', frm='zhou.jie', to=['li.na'],
    subject='2024年度结账及审计准备安排', text=T('''
    李娜：

    2024年度结账安排如下，请按时完成：

      1月10日前：完成12月银行对账及往来款核对；
      1月15日前：应收账款账龄分析（重点：Global Gadgets、明达电子、云帆服饰）；
      1月20日前：准备审计资料清单，事务所1月21日进场。

    有问题随时找我。
    '''))

msg('L02', where=[LN()], ua='outlook_en', alt=True, date='2025-01-17 16:40:05', frm='sarah.lee', to=['li.na'],
    subject='Remittance advice – PO GG-4471 deposit', text=T('''
    Dear Li Na,

    Please be advised that we have today remitted the 30% deposit for PO GG-4471:

      Amount:      USD 16,200.00
      Value date:  January 17, 2025
      Beneficiary: HaiNa Cross-Border Trading Ltd.
      Reference:   GG-4471 / HN-PI-2025-0012

    Kindly confirm receipt.

    Best regards,
    Sarah Lee
    Accounts Payable
    Global Gadgets Inc.
    '''))

AR_CSV = T('''
    客户,币种,应收金额,未到期,逾期1-30天,逾期31-60天,逾期60天以上
    深圳明达电子有限公司,CNY,0.00,0.00,0.00,0.00,0.00
    Global Gadgets Inc.,USD,37800.00,37800.00,0.00,0.00,0.00
    杭州云帆服饰有限公司,CNY,86400.00,0.00,0.00,86400.00,0.00
    Nordic Home AB,EUR,0.00,0.00,0.00,0.00,0.00
    鼎泰贸易有限公司,USD,0.00,0.00,0.00,0.00,0.00
    ''')

msg('L03', where=[LN()], ua='outlook_cn', date='2025-01-24 11:05:44', frm='li.na', to=['zhou.jie'],
    subject='1月应收账款账龄分析',
    atts=[A_csv('应收账款账龄_2025-01.csv', AR_CSV, 'gbk', fname='rfc2047', fcs='GB2312', ctype='text/csv',
                charset='GBK')],
    text=T('''
    周经理：

    附件是截至1月23日的应收账款账龄分析，要点：
      1. Global Gadgets 定金 USD 16,200.00 已于1月20日到账，余款 USD 37,800.00 未到期；
      2. 明达电子目前无应收余额（合同刚签，预付款待收）；
      3. 杭州云帆服饰有一笔 RMB 86,400.00 已逾期45天，已提醒张伟跟进。
    '''))

msg('L04', where=[LN()], ua='coremail', date='2025-02-12 10:20:33', frm='qian.xiaomei', to=['li.na|李会计'],
    subject='明达电子1月对账单确认', text=T('''
    李会计：

    您好！贵司1月对账单已收到，核对如下：
      1. 预付款 RMB 269,325.00（HN-SC-2025-001 合同额30%）已于1月20日对公转账；
      2. 对账单上的合同未付余额 RMB 628,425.00 与我司记录一致。

    请确认，谢谢！

    钱晓梅
    财务主管
    深圳明达电子有限公司
    '''))

msg('L05', where=[LN()], ua='outlook_cn', date='2025-02-13 09:15:27', frm='li.na', to=['qian.xiaomei|钱主管'],
    parent='L04', subject='答复: 明达电子1月对账单确认', text=T('''
    钱主管：

    核对无误，谢谢！第二批货款请按合同在发货前支付至我司对公账户。
    '''))

# Reply WITHOUT In-Reply-To / References ("Re:" subject only)
msg('L06', where=[LN()], ua='coremail', refs=False, quote=False, date='2025-02-14 14:02:51', frm='qian.xiaomei',
    to=['li.na|李会计'], subject='Re: 明达电子1月对账单确认', text=T('''
    好的，收到。

    另：贵司销售部王芳说第二批的付款条件可以通融，延后到收货后90天内付清，
    这个贵司财务是否知悉？我们按合同执行还是按90天执行？

    钱晓梅
    '''))

msg('L07', where=[LN()], ua='outlook_cn', date='2025-02-20 16:05:11', frm='zhou.jie', to=['li.na'],
    subject='关于"终身保修"承诺的售后成本计提', text=T('''
    李娜：

    销售部有同事对客户（台北鼎泰贸易）口头承诺了"终身保修"，公司并未批准。
    如果客户坚持写进合同，售后成本将无法估计。请你：

      1. 统计2024年各产品的返修率和单台维修成本；
      2. 按12个月标准保修和"终身保修"两种情况测算售后成本计提；
      3. 本周五前发我，我要在Q2促销政策的讨论中使用。
    '''))

# Scenario 3, finance side
msg('L08', where=[LN('FS')], ua='coremail', date='2025-03-07 10:15:39', frm='qian.xiaomei', to=['li.na|李会计'],
    cc=['huang.jianguo'], subject='关于HN-SO-2025-0036货款支付账户的确认', text=T('''
    李会计：

    您好！有件事需要跟贵司财务正式确认一下：

    贵司销售张伟经理3月5日晚上发邮件给我司采购黄经理，要求把订单 HN-SO-2025-0036
    第二批货款转到他的个人账户，信息如下：

      户名：张伟
      开户行：招商银行深圳南山支行
      卡号：%s
      手机：%s

    并说"公司对公账户正在变更"，还要求按扣除15%%差价后的金额 RMB 401,625.00 转账。
    按我司规定，货款只能对公转账，不能转入个人账户。请问贵司对公账户是否确有变更？
    这笔转账我们暂时不会操作，等贵司财务书面确认。

    钱晓梅
    财务主管
    深圳明达电子有限公司
    ''') % (CARD, MOBILE))

msg('L09', where=[LN()], ua='outlook_cn', quote=False, date='2025-03-07 11:02:18', frm='li.na',
    to=['zhou.jie'], cc=['zhao.min'], subject='转发: 关于HN-SO-2025-0036货款支付账户的确认',
    body_parent='L08', text=T('''
    周经理、赵经理：

    明达电子财务钱晓梅来函（见下），说张伟要求客户把货款转账到他的个人账户，
    而且金额还扣了所谓"15%差价"。我们的对公账户没有任何变更。
    这个情况需要尽快处理，请指示如何回复客户。
    '''))

msg('L10', where=[LN()], ua='outlook_cn', date='2025-03-07 14:30:52', frm='zhou.jie', to=['li.na'],
    cc=['zhao.min'], parent='L09', subject='答复: 转发: 关于HN-SO-2025-0036货款支付账户的确认', text=T('''
    李娜：

    已知悉。我和赵敏商量过，处理如下：
      1. 你以财务部名义书面回复明达：我司对公账户没有变更，所有货款只能转账至合同
         约定的对公账户（招商银行深圳分行营业部），任何要求转入个人账户的请求均无效；
      2. 这件事由合规部（赵敏）跟进调查，财务不要和张伟直接讨论；
      3. 请查一下今年以来其他客户有没有向个人账户付款的记录，以及"市场推广费"科目
         有没有异常支出。
    '''))

msg('L11', where=[LN()], ua='outlook_cn', date='2025-03-07 15:10:24', frm='li.na', to=['qian.xiaomei|钱主管'],
    cc=['zhou.jie'], parent='L08', subject='答复: 关于HN-SO-2025-0036货款支付账户的确认', text=T('''
    钱主管：

    您好！感谢贵司及时核实。正式答复如下：

      1. 我司对公账户没有任何变更；
      2. 所有货款请按合同全额转账至我司对公账户：
           户名：海纳跨境贸易有限公司
           开户行：招商银行深圳分行营业部
           账号：%s
      3. 任何要求将货款转入个人账户的请求均无效，请勿操作。

    给贵司带来不便，深表歉意。此事我司已在内部处理。
    ''') % COMPANY_ACCT)

msg('L12', where=[LN()], ua='outlook_en', alt=True, date='2025-03-12 09:40:10', frm='sarah.lee', to=['li.na'],
    cc=['mike.johnson'], subject='Invoice HN-INV-2025-0045 – pricing query', text=T('''
    Dear Li Na,

    We are processing commercial invoice HN-INV-2025-0045 (PO GG-4471, USD 54,000.00).
    Our purchasing team informs me that your sales representative, Mr. David Zhang, agreed
    to a price 15% below list (USD 15.30/unit instead of USD 18.00) and promised a credit
    note, which we have not received.

    Could you please confirm whether a credit note of USD 8,100.00 will be issued?
    Until then we will hold the balance payment of USD 37,800.00.

    Best regards,
    Sarah Lee
    Accounts Payable
    Global Gadgets Inc.
    '''))

# Scenario 6: personal mail after hours (work account -> gmail, and the reply)
msg('L13', where=[LN()], ua='outlook_cn', date='2025-04-03 22:47:36', frm='li.na', to=['liting|婷婷'],
    sig=False, subject='妈妈生日的事', text=T('''
    婷婷：

    这么晚还在加班，刚看到你的微信。妈妈生日是4月12日（周六），我想在家里给她过，
    订个蛋糕，中午做一桌菜。你能提前一天回来吗？爸爸说想去照个全家福。

    礼物我想买个按摩椅，大概三千多，我们俩一人一半？

    姐
    '''))

msg('L14', where=[LN()], ua='gmail', date='2025-04-03 23:20:58', frm='liting', to=['li.na|姐'], parent='L13',
    subject='Re: 妈妈生日的事', text=T('''
    姐：

    好的！我周五下午请个假，晚上就到家。按摩椅可以，一人一半没问题，
    钱我明天转你。蛋糕我来订吧，我知道妈妈喜欢哪家的。

    婷
    '''))

# raw 8-bit GBK body (charset declared)
msg('L15', where=[LN()], ua='outlook_cn', cs='GBK', cte='8bit', hcs='GBK', date='2025-04-30 10:25:40',
    frm='zhou.jie', to=['li.na'], subject='五一节前付款计划', text=T('''
    李娜：

    五一节前付款计划如下，请今天下午4点前完成网银提交，我审批：

      1. 龙华仓4月租金 RMB 38,000.00；
      2. 顺丰快运4月运费 RMB 12,460.00；
      3. 杭州云帆服饰退货退款 RMB 21,546.00（张伟已提交审批单）；
      4. 员工报销（4月第二批）RMB 8,932.50。

    所有付款均通过对公账户，不得使用个人账户转账。
    '''))

msg('L16', where=[LN('', 'new')], ua='outlook_cn', date='2025-06-13 17:20:33', frm='zhou.jie', to=['li.na'],
    subject='6月预算执行情况（截至6月13日）', text=T('''
    李娜：

    请在下周二前整理6月预算执行情况，重点关注：
      1. 销售费用中的"市场推广费"科目，核对是否有与合同不符的返点支出；
      2. 咨询组项目收入确认（明达一期、Nordic Home）；
      3. 离职员工（陈静）的费用报销结清情况。
    '''))

msg('L17', where=[LN('', 'new')], ua='outlook_en', date='2025-06-16 09:55:02', frm='sarah.lee', to=['li.na'],
    subject='Remittance advice – PO GG-5102 deposit', text=T('''
    Dear Li Na,

    We have remitted the 30% deposit for PO GG-5102 (5,000 x PB-20000):

      Amount:      USD 27,000.00
      Value date:  June 16, 2025
      Reference:   GG-5102 / HN-PI-2025-0087

    Please note the PO is at list price (USD 18.00/unit) as instructed by your
    Mr. Sun Qiang.

    Best regards,
    Sarah Lee
    Accounts Payable
    Global Gadgets Inc.
    '''))

# ---------------------------------------------------------------- support inbox (.eml)
msg('E01', where=[SUP('ticket-10231-01')], ua='foxmail', date='2025-01-17 14:25:09', frm='he.jing',
    to=['service|贵司客服'], subject='TWS-X3耳机右耳无声问题（订单HN-SO-2025-0112）',
    atts=[A_png('检测照片.png', 24, 24, 0, fname='rfc2047', fcs='GB2312')], text=T('''
    贵司客服：

    我司1月15日收到订单 HN-SO-2025-0112 的 TWS-X3 蓝牙耳机800台（用于会员礼品），
    抽检100台发现12台右耳无声，按比例推算整批可能有约120台不良。

    附件是抽检照片。请尽快安排检测和处理方案。

    何静
    采购主管
    杭州云帆服饰有限公司
    '''))

TICKET_HTML = '''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>工单已受理</title>
</head>
<body style="font-family:'Microsoft YaHei',Arial,sans-serif;font-size:14px;color:#333">
<table width="600" cellpadding="0" cellspacing="0" style="border:1px solid #ddd">
<tr><td style="background:#0b5cad;color:#fff;padding:12px 16px;font-size:18px">海纳跨境 · 客服中心</td></tr>
<tr><td style="padding:16px">
<p>尊敬的 何静 您好：</p>
<p>您的问题已受理，工单号 <b>#10231</b>。我们的客服专员将在 <b>1个工作日</b> 内与您联系。</p>
<table cellpadding="4" style="border-collapse:collapse;font-size:13px">
<tr><td style="color:#888">主题</td><td>TWS-X3耳机右耳无声问题（订单HN-SO-2025-0112）</td></tr>
<tr><td style="color:#888">提交时间</td><td>2025-01-17 14:25</td></tr>
<tr><td style="color:#888">优先级</td><td>普通</td></tr>
</table>
<p>回复本邮件时请保留主题中的工单号 [工单#10231]。</p>
<p style="color:#888;font-size:12px">此邮件由系统自动发送。海纳跨境贸易有限公司 HaiNa Cross-Border Trading Ltd.<br>
客服热线 400-660-1288 &nbsp;|&nbsp; service@haina-trade.com</p>
</td></tr>
</table>
</body>
</html>
'''

# HTML-only (no text/plain alternative), auto-reply
msg('E02', where=[SUP('ticket-10231-02-autoreply')], ua='helpdesk', lang='zh', date='2025-01-17 14:25:40', frm='service',
    to=['he.jing'], reply_to='service', parent='E01', sig=False, quote=False, html_only=TICKET_HTML,
    headers=[('Auto-Submitted', 'auto-replied'), ('X-Auto-Response-Suppress', 'All'),
             ('Precedence', 'auto_reply')],
    subject='[工单#10231] 您的问题已受理：TWS-X3耳机右耳无声问题（订单HN-SO-2025-0112）',
    text='(html only)\n')

msg('E03', where=[SUP('ticket-10231-03')], ua='outlook_cn', date='2025-01-20 10:12:47', frm='liu.yang',
    to=['he.jing|何主管'], cc=['service'], parent='E01',
    subject='答复: [工单#10231] TWS-X3耳机右耳无声问题（订单HN-SO-2025-0112）', text=T('''
    何主管：

    您好！我是客服专员刘洋，工单 #10231 由我跟进。

    照片已收到，从照片看可能是右耳充电触点氧化导致无法充电，不一定是喇叭问题。
    请您协助做一个简单测试：用酒精棉擦拭右耳充电触点后重新放入充电仓充电30分钟，
    看是否恢复。如仍不能使用，我们安排退货检测。
    '''))

msg('E04', where=[SUP('ticket-10231-04')], ua='foxmail', date='2025-01-21 15:33:02', frm='he.jing',
    to=['liu.yang|刘先生'], cc=['service'], parent='E03',
    subject='回复：答复: [工单#10231] TWS-X3耳机右耳无声问题（订单HN-SO-2025-0112）', text=T('''
    刘先生：

    按您说的测试了，12台里有3台恢复，9台仍然无声。我们不想再逐台测试了，
    请直接安排这批货的退货退款，涉及金额请和贵司销售张伟确认。

    何静
    '''))

msg('E05', where=[SUP('ticket-10231-05')], ua='thunderbird', date='2025-01-22 11:20:15', frm='huang.li',
    to=['he.jing|何主管'], cc=['liu.yang', 'service'], parent='E04',
    subject='Re: 回复：答复: [工单#10231] TWS-X3耳机右耳无声问题（订单HN-SO-2025-0112）', text=T('''
    何主管：

    您好！我是客服主管黄丽，非常抱歉给您带来不便。

    根据我司售后政策，批量退货退款需由销售负责人审批。我已将工单转给销售部张伟，
    他会在春节前与您联系确认退货地址和退款金额。

    关于保修：TWS-X3 的标准保修期为12个月，本批货物在保修期内。
    '''))

# Big5, quoted-printable
msg('E06', where=[SUP('ticket-10342-01')], ua='outlook_tw', cte='quoted-printable', date='2025-03-25 14:30:12',
    frm='lin.zhiming', to=['service'], subject='SP-10 智能插座無法連線 Wi-Fi', text=T('''
    您好：

    我司上月購買的智能插座 SP-10（訂單 HN-SO-2025-0078），有部分客戶反映無法連線 Wi-Fi，
    App 顯示「設備離線」。台灣這邊的路由器多為 5GHz 和 2.4GHz 雙頻合一。

    請問是否有韌體更新或設定說明？另外，貴司張經理曾承諾終身保修，
    這批產品如有問題是否可以免費換新？

    林志明
    鼎泰貿易有限公司
    '''))

msg('E07', where=[SUP('ticket-10342-02')], ua='thunderbird', date='2025-03-26 09:50:36', frm='lin.xiaoyu',
    to=['lin.zhiming|林经理'], cc=['service'], parent='E06',
    subject='Re: SP-10 智能插座無法連線 Wi-Fi [工单#10342]', text=T('''
    林经理，您好！

    我是客服专员林晓雨，工单 #10342 由我跟进。

    SP-10 只支持 2.4GHz Wi-Fi，双频合一的路由器请在路由器设置中把 2.4GHz 单独命名后再配网。
    我们也会在4月发布新固件（v1.3.2），改进双频路由器的兼容性。

    关于保修：我司 SP-10 的标准保修期为12个月，保修期内的质量问题可免费维修或更换。
    “终身保修”不是我司的标准政策，具体请与销售张伟确认。
    '''))

msg('E08', where=[SUP('ticket-10361-01')], ua='outlook_en', date='2025-04-14 13:15:52', frm='mike.johnson',
    to=['service'], subject='Warranty claim - PB-20000 units swelling (PO GG-4471)', text=T('''
    Hello,

    Our customers have returned 23 units of PB-20000 from PO GG-4471 with swollen
    batteries. Photos and serial numbers are available on request.

    We expect a full replacement. Please also confirm the warranty period -- as far as I
    know your sales rep David offered us a very generous warranty.

    Regards,
    Mike Johnson
    Purchasing Manager
    Global Gadgets Inc.
    '''))

msg('E09', where=[SUP('ticket-10361-02')], ua='outlook_en', alt=True, date='2025-04-15 10:02:39', frm='huang.li',
    to=['mike.johnson'], cc=['emily.carter', 'service'], parent='E08',
    subject='RE: Warranty claim - PB-20000 units swelling (PO GG-4471) [Ticket#10361]', text=T('''
    Dear Mike,

    Thank you for reporting this; ticket #10361 has been opened. Battery swelling is a
    safety issue: please ask your customers to stop using the affected units and to keep
    them away from heat.

    Our standard warranty for PB-20000 is 12 months from delivery, so the 23 units are
    covered and will be replaced free of charge. Please send the serial numbers and photos
    to this address.

    Best regards,
    Huang Li
    '''))

# Reply WITHOUT In-Reply-To / References, months later
msg('E10', where=[SUP('ticket-10231-06')], ua='foxmail', refs=False, quote=False, date='2025-05-06 15:20:44',
    frm='he.jing', to=['service'], subject='回复：[工单#10231] 您的问题已受理：TWS-X3耳机右耳无声问题（订单HN-SO-2025-0112）',
    text=T('''
    客服你好：

    这个工单的退款我们4月30日已经收到，谢谢。另外同一批次剩下的680台里，最近会员
    又反馈了5台同样的问题，请问是否可以继续在这个工单里处理？

    何静
    '''))

msg('E11', where=[SUP('ticket-10231-07')], ua='outlook_cn', refs=False, date='2025-05-07 09:35:18', frm='liu.yang',
    to=['he.jing|何主管'], cc=['service'], parent='E10',
    subject='答复: 回复：[工单#10231] 您的问题已受理：TWS-X3耳机右耳无声问题（订单HN-SO-2025-0112）', text=T('''
    何主管：

    可以，工单 #10231 已重新打开。请把5台不良品的序列号发给我，我们安排顺丰上门取件，
    检测后直接换新。给您添麻烦了。
    '''))

msg('E12', where=[SUP('ticket-10388-01')], ua='outlook_en', date='2025-05-20 09:44:26', frm='anna.berg',
    to=['service'], subject='Damaged goods on arrival - PO NH-2025-007',
    atts=[A_png('carton_damage.png', 32, 24, 2)], text=T('''
    Hello,

    We received the shipment for PO NH-2025-007 (kitchen textile sets) at our Gothenburg
    warehouse yesterday. 14 of 120 cartons were crushed and several items are wet.
    A photo is attached.

    Please advise how to proceed with the claim. The goods were shipped under your
    consolidation service.

    Best regards,
    Anna Berg
    Logistics Coordinator
    Nordic Home AB
    '''))

msg('E13', where=[SUP('ticket-10388-02')], ua='outlook_en', alt=True, date='2025-05-21 10:05:13', frm='liu.yang',
    to=['anna.berg'], cc=['service'], parent='E12',
    subject='RE: Damaged goods on arrival - PO NH-2025-007 [Ticket#10388]', text=T('''
    Dear Anna,

    Thank you for the photo and sorry for the trouble. I have opened ticket #10388.

    Please send us the delivery receipt with the carrier's damage remarks and a list of
    the affected items. Our logistics colleague Zheng Hao will file the claim with the
    forwarder.

    Best regards,
    Liu Yang
    '''))

msg('E14', where=[SUP('ticket-10388-03')], ua='outlook_se', date='2025-05-22 16:41:09', frm='anna.berg',
    to=['liu.yang'], cc=['service'], parent='E13',
    subject='RE: Damaged goods on arrival - PO NH-2025-007 [Ticket#10388]', text=T('''
    Dear Liu Yang,

    Here are the details (the scanned receipt will follow from our carrier):

      Carrier:          Nordic Freight Line, CMR no. 2025-0517-GÖT
      Damaged cartons:  14 (carton nos. 37-44, 101-106)
      Affected items:   168 kitchen textile sets, of which 40 are unsaleable

    Best regards,
    Anna Berg
    Nordic Home AB, Göteborg
    '''))

# ---------------------------------------------------------------- misc (.eml)
# raw 8-bit GBK, NO MIME headers at all, raw GBK in Subject/From
msg('X1', where=[MISC('erp-notice-PR-2025-0098')], ua='erp', date='2025-03-28 08:30:00', frm='erp',
    to=['zhou.jie'], sig=False, subject='ERP系统通知：采购申请PR-2025-0098待您审批', text=T('''
    周杰 您好：

    您有一张采购申请单待审批：

      单号：PR-2025-0098
      申请人：郑浩（运营部）
      内容：龙华仓货架及叉车租赁（2025年4月-6月）
      金额：RMB 45,600.00
      提交时间：2025-03-27 17:42

    请登录 ERP 系统（http://erp.haina-trade.com）处理。

    此邮件由系统自动发送，请勿回复。
    '''))

# WRONG charset label: says iso-8859-1, bytes are GBK (body and subject)
msg('X2', where=[MISC('shunda-booking-SDL2503170042')], ua='tms', date='2025-03-17 15:22:08', frm='zhou.xiaohong',
    to=['zheng.hao'], subject='订舱确认：Nordic Home NH-2025-007 / SO SDL2503170042', text=T('''
    郑先生：

    您好！贵司订舱已确认：

      托运人：海纳跨境贸易有限公司
      收货人：Nordic Home AB, Gothenburg, Sweden
      委托单号：NH-2025-007
      SO号：SDL2503170042
      船名航次：MAERSK ESSEN / 512W
      起运港：盐田     目的港：哥德堡（Gothenburg）
      截关时间：2025年4月1日 12:00
      开船时间：2025年4月3日
      箱型箱量：1 x 40HQ

    请于截关前48小时提供报关资料（装箱单、发票、合同）。

    顺达国际货运代理有限公司
    操作部 周小红
    电话：0755-2551 8899
    '''))

msg('X3', where=[MISC('compliance-reminder-2025-03')], ua='outlook_cn', cs='utf-8', hcs='UTF-8', henc='Q',
    alt=True, date='2025-03-14 16:30:22', frm='zhao.min', to=['all'],
    subject='合规提醒：严禁私下承诺价格、修改合同条款及使用个人账户收款', text=T('''
    各位同事：

    近期合规部在例行检查中发现个别员工存在以下行为，现重申公司规定：

      1. 严禁私下向客户承诺低于价格表的折扣、返点，或"最低价"等超出授权的价格承诺；
         所有折扣必须经审批并体现在合同和发票上。
      2. 严禁口头或书面"通融"合同条款（如付款期限、违约金），合同条款的任何变更
         必须以书面补充协议形式，经法务审核和总经理审批。
      3. 严禁承诺超出公司标准的售后条款（如"终身保修"）。
      4. 严禁要求或接受客户将货款转入个人账户。公司所有收款只能通过对公账户。
      5. 工作邮件中不得包含客户或员工的身份证号、银行卡号等个人敏感信息。

    违反上述规定的，公司将按《员工行为准则》严肃处理。如发现相关情况，
    请向合规部举报：compliance@haina-trade.com（举报人信息严格保密）。
    '''))

# Scenario 6: personal mail after hours (to a numeric qq.com address)
msg('X4', where=[MISC('wang.fang-personal-2025-05-16')], ua='foxmail', date='2025-05-16 22:31:45', frm='wang.fang',
    to=['xiaomei'], sig=False, subject='周末带孩子去欢乐谷', text=T('''
    小美：

    周日去欢乐谷的事定了吗？我查了一下，儿童票网上买便宜20块，我先把两家的票都订了，
    早上9点在南门集合。天气预报说周日多云，记得带防晒。

    最近公司事多，下周又要对账，忙死了。周日好好放松一下！

    芳
    '''))

msg('X5', where=[MISC('emily-intro-globalgadgets')], ua='outlook_en', alt=True, date='2025-06-18 09:30:11',
    frm='emily.carter', to=['mike.johnson'], cc=['sun.qiang'],
    subject='Introduction – your new account manager at HaiNa', text=T('''
    Dear Mike,

    I hope this email finds you well. As part of a reorganisation of our sales team,
    I will be your account manager at HaiNa from 1 July 2025, taking over from David Zhang.

    A few practical points:
      - All quotations will be issued on our official price list; any discount will be
        shown on the quotation, the PI and the invoice.
      - Payments must only be made to the company account printed on our invoices.
      - Our standard warranty for PB-20000 is 12 months.

    I'd be happy to schedule a call next week to go through the open order GG-5102.

    Best regards,
    Emily Carter
    '''))


# --------------------------------------------------------------------------
# special bodies (inline forward)
# --------------------------------------------------------------------------

def _apply_inline_forwards():
    for k, m in MSGS.items():
        if m.get('body_parent'):
            # Outlook inline forward: own text + sig + original with Chinese header block
            i = info(k)
            m['body_override'] = i['own'] + quote_block('outlook_cn', m['body_parent'], 'zh')


# --------------------------------------------------------------------------
# writers
# --------------------------------------------------------------------------

def asctime_utc(epoch):
    t = EPOCH0 + dt.timedelta(seconds=epoch)
    return '%s %s %2d %s %d' % (WD[t.weekday()], MON[t.month - 1], t.day, t.strftime('%H:%M:%S'), t.year)


def mboxrd_escape(data):
    lines = data.split(b'\n')
    return b'\n'.join(b'>' + l if re.match(rb'^>*From ', l) else l for l in lines)


def add_status(data, status, xstatus):
    head, sep, body = data.partition(b'\n\n')
    extra = b''
    if status:
        extra += b'\nStatus: ' + status.encode('ascii')
    if xstatus:
        extra += b'\nX-Status: ' + xstatus.encode('ascii')
    return head + extra + sep + body


def build():
    _apply_inline_forwards()
    rendered = {}
    for k in MSGS:
        try:
            rendered[k] = render(k)
        except Exception as e:
            raise SystemExit('error rendering %s: %r' % (k, e))
    ids = [info(k)['msgid'] for k in MSGS]
    assert len(ids) == len(set(ids)), 'duplicate Message-ID'

    files = {}          # relative path -> bytes
    index = []          # (key, relpath, msgid)
    mbox_items = []
    md_seq = {}
    for k, m in MSGS.items():
        i = info(k)
        for w in m['where']:
            if w[0] == 'mbox':
                mbox_items.append((i['epoch'], k, w))
            elif w[0] == 'maildir':
                _, box, folder, sub, flags = w
                inbound = i['sender'].email.split('@')[0] != box
                ts = i['epoch'] + (4 if inbound else 0)
                usec = HI('usec', box, k, mod=1000000)
                pid = {'chen.jing': 24817, 'li.na': 3158}[box] + HI('pid', k, mod=40)
                data = rendered[k]
                base = '%d.M%dP%d.demo' % (ts, usec, pid)
                if box == 'chen.jing':     # Dovecot style: ,S=<size>,W=<size with CRLF>
                    base += ',S=%d,W=%d' % (len(data), len(data) + data.count(b'\n'))
                name = base if sub == 'new' else base + ':2,' + flags
                rel = os.path.join(box, folder, sub, name) if folder else os.path.join(box, sub, name)
                assert rel not in files
                files[rel] = data
                index.append((k, rel, i['msgid']))
            elif w[0] == 'eml':
                _, d, slug = w
                rel = os.path.join(d, '%s_%s.eml' % (i['local'].strftime('%Y%m%d-%H%M'), slug))
                assert rel not in files
                files[rel] = rendered[k]
                index.append((k, rel, i['msgid']))

    mbox = b''
    for n, (epoch, k, w) in enumerate(sorted(mbox_items)):
        i = info(k)
        data = add_status(rendered[k], w[2], w[3])
        mbox += b'From %s %s\n' % (i['sender'].email.encode('ascii'), asctime_utc(epoch).encode('ascii'))
        mbox += mboxrd_escape(data) + b'\n'
        index.append((k, 'zhang.wei.mbox#%d' % (n + 1), i['msgid']))
    files['zhang.wei.mbox'] = mbox

    # Maildir++ marker files
    for folder in ('.Sent', '.Customers.Mingda', '.Customers.Nordic', '.Customers.Rongjin'):
        files[os.path.join('chen.jing', folder, 'maildirfolder')] = b''
    return files, index


def write(files):
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for rel in sorted(files):
        p = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'wb') as f:
            f.write(files[rel])


def main(argv):
    files, index = build()
    if '--index' in argv:
        print('key\tlocation\tmessage-id\tdate\tfrom\tsubject')
        for k, rel, mid in sorted(index, key=lambda r: (info(r[0])['epoch'], r[1])):
            i = info(k)
            print('\t'.join([k, rel, mid, rfc2822(i['local'], i['off'], 'pad'), i['sender'].email,
                             MSGS[k]['subject']]))
        return 0
    write(files)
    total = sum(len(v) for v in files.values())
    print('wrote %d files (%d bytes) under %s' % (len(files), total, os.path.relpath(OUT)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
