#!/usr/bin/env python3
"""Writes the charset fixtures (tests/cli/test_charsets.py): one folder per failure mode, each
message built here from the text in CASES, encoded the broken way real mailers do it.
Deterministic; run it after a change and commit the output (raw 8-bit GBK/Big5 bytes).
`build()` returns {relative path: bytes}; EXPECT maps each file to the text it must decode to.
"""
import base64
import os
import quopri
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))


def b_word(label, raw):
    """An RFC 2047 B encoded word over raw bytes (which may be mislabelled on purpose)."""
    return "=?%s?B?%s?=" % (label, base64.b64encode(raw).decode())


def q_word(label, raw):
    out = []
    for b in raw:
        c = chr(b)
        if c.isalnum() and b < 128:
            out.append(c)
        elif c == " ":
            out.append("_")
        else:
            out.append("=%02X" % b)
    return "=?%s?Q?%s?=" % (label, "".join(out))


def b64_lines(raw):
    return base64.encodebytes(raw)


def message(headers, body):
    """headers: list of str or bytes lines; body: bytes. LF line ends."""
    out = b""
    for h in headers:
        out += (h.encode("ascii") if isinstance(h, str) else h) + b"\n"
    return out + b"\n" + body


COMMON = ["Date: Mon, 03 Mar 2025 09:30:00 +0800", "To: investigator@example.com"]


def mid(name):
    return "Message-ID: <%s@charsets.test>" % name


# Each case: file name -> (bytes, expectation). The expectation is the text encoded above:
#   subject, from_name, body (substrings the decoded body must contain), attachments (decoded
#   file names in order) and search (words that must find the message).
CASES = {}


def case(path, data, subject, from_name, body, search, attachments=()):
    CASES[path] = (data, {"subject": subject, "from_name": from_name, "body": list(body),
                          "attachments": list(attachments), "search": list(search)})


def build_cases():
    CASES.clear()

    # 1. Label GB2312, but the text has GBK-only characters (镕 E946, 喆 86B4), in the body
    #    and in the encoded words. Decoders must read GB2312 as GBK.
    subj, name = "李喆的报价单：镕金系列", "李喆"
    body = "朱镕基同志的讲话稿已收到。\n李喆 敬上\n"
    case("gb2312-label-gbk-chars/message.eml", message(
        ['From: "%s" <li.zhe@example.cn>' % b_word("GB2312", name.encode("gbk")),
         "Subject: " + b_word("gb2312", subj.encode("gbk"))] + COMMON +
        [mid("gb2312-gbk"), "MIME-Version: 1.0", "Content-Type: text/plain; charset=gb2312",
         "Content-Transfer-Encoding: base64"],
        b64_lines(body.encode("gbk"))),
        subj, name, ["朱镕基同志的讲话稿已收到。", "李喆 敬上"], ["讲话稿", "李喆"])

    # 2. Raw 8-bit GBK, no MIME headers and no charset anywhere (headers and body).
    subj, name = "采购申请待审批", "系统管理员"
    body = "您有一张采购申请单等待审批，单号PR-2025-0042。\n"
    case("raw-gbk-no-charset/message.eml", message(
        [b"From: " + name.encode("gbk") + b" <erp@example.cn>",
         b"Subject: " + subj.encode("gbk")] + COMMON + [mid("raw-gbk")],
        body.encode("gbk")),
        subj, name, ["您有一张采购申请单等待审批，单号PR-2025-0042。"], ["采购申请单", "审批"])

    # 3. Declared iso-8859-1; body and encoded words are GBK.
    subj, name = "订舱确认：货柜已装船", "周小红"
    body = "您好，贵司的货物已于今日装船，提单号码随后发送。\n"
    case("mislabelled-latin1-gbk/message.eml", message(
        ['From: "%s" <ops@example.cn>' % b_word("iso-8859-1", name.encode("gbk")),
         "Subject: " + b_word("ISO-8859-1", subj.encode("gbk"))] + COMMON +
        [mid("latin1-gbk"), "MIME-Version: 1.0",
         "Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: 8bit"],
        body.encode("gbk")),
        subj, name, ["您好，贵司的货物已于今日装船，提单号码随后发送。"], ["提单号码", "装船"])

    # 4. Big5 (Taiwan): encoded words and a base64 body.
    subj, name = "詢價：智能插座及數據線", "林志明"
    body = "我們需要報價單，請儘快回覆。\n"
    case("big5/message.eml", message(
        ['From: "%s" <lin@example.tw>' % b_word("big5", name.encode("big5")),
         "Subject: " + b_word("big5", subj.encode("big5"))] + COMMON +
        [mid("big5"), "MIME-Version: 1.0", "Content-Type: text/plain; charset=big5",
         "Content-Transfer-Encoding: base64"],
        b64_lines(body.encode("big5"))),
        subj, name, ["我們需要報價單，請儘快回覆。"], ["報價單"])

    # 5. ISO-2022-JP: 7-bit escape sequences in the words and the body.
    subj, name = "会議の議事録", "山田太郎"
    body = "明日の会議は午後三時からです。\n"
    case("iso-2022-jp/message.eml", message(
        ['From: %s <yamada@example.jp>' % b_word("ISO-2022-JP", name.encode("iso2022_jp")),
         "Subject: " + b_word("ISO-2022-JP", subj.encode("iso2022_jp"))] + COMMON +
        [mid("iso2022jp"), "MIME-Version: 1.0", "Content-Type: text/plain; charset=ISO-2022-JP",
         "Content-Transfer-Encoding: 7bit"],
        body.encode("iso2022_jp")),
        subj, name, ["明日の会議は午後三時からです。"], ["議事録"])

    # 6. windows-1252, quoted-printable (Swedish letters, en dash, curly quotes).
    subj, name = "Offert – ärende för Göteborg", "Åsa Öberg"
    body = "Vi återkommer med ett “prisförslag” för kontoret – hälsningar Åsa\n"
    case("windows-1252/message.eml", message(
        ['From: %s <asa@example.se>' % q_word("Windows-1252", name.encode("cp1252")),
         "Subject: " + q_word("windows-1252", subj.encode("cp1252"))] + COMMON +
        [mid("cp1252"), "MIME-Version: 1.0", "Content-Type: text/plain; charset=windows-1252",
         "Content-Transfer-Encoding: quoted-printable"],
        quopri.encodestring(body.encode("cp1252"))),
        subj, name, ["Vi återkommer med ett “prisförslag” för kontoret – hälsningar Åsa"],
        ["prisförslag", "Göteborg"])

    # 7. UTF-8: Q words, base64 body (accents, CJK, an emoji outside the BMP).
    subj, name = "Grüße aus München — 东京 🎉", "Jürgen Müller"
    body = "Die Präsentation über Tokyo (东京) liegt bei. Schöne Grüße 🎉\n"
    case("utf-8/message.eml", message(
        ['From: %s <juergen@example.de>' % q_word("utf-8", name.encode("utf-8")),
         "Subject: " + b_word("UTF-8", subj.encode("utf-8"))] + COMMON +
        [mid("utf8"), "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
         "Content-Transfer-Encoding: base64"],
        b64_lines(body.encode("utf-8"))),
        subj, name, ["Die Präsentation über Tokyo (东京) liegt bei. Schöne Grüße 🎉"],
        ["Präsentation", "München"])

    # 8. RFC 2047 split across two encoded words in the middle of a multibyte character:
    #    UTF-8 subject (销 = E9 94 80 cut after E9 94), GBK name (娜 = C4 C8 cut after C4).
    subj, name = "季度销售报告", "欧阳娜娜"
    s = subj.encode("utf-8")
    cut = s.index("销".encode("utf-8")) + 2
    n = name.encode("gbk")
    ncut = n.index("娜".encode("gbk")) + 1
    body = "附件是第一季度的销售报告。\n"
    case("rfc2047-split-multibyte/message.eml", message(
        ['From: "%s %s" <ouyang@example.cn>' % (b_word("GBK", n[:ncut]), b_word("GBK", n[ncut:])),
         "Subject: %s\n %s" % (b_word("UTF-8", s[:cut]), b_word("UTF-8", s[cut:]))] + COMMON +
        [mid("split-word"), "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
         "Content-Transfer-Encoding: 8bit"],
        body.encode("utf-8")),
        subj, name, ["附件是第一季度的销售报告。"], ["销售报告"])

    # 9. RFC 2231 file names: one encoded, one continued over two encoded parameters, one
    #    RFC 2047 name (common but not standard) in GBK.
    f1, f2, f3 = "报价单.txt", "客户交接清单2025年.csv", "合同要点.txt"
    p1 = urllib.parse.quote(f1.encode("utf-8"))
    p2 = urllib.parse.quote(f2.encode("utf-8"))
    half = p2.index("%E6%B8%85")  # split before 清
    parts = [
        b"--b9\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" +
        "请看附件中的报价单和交接清单。\n".encode("utf-8"),
        ("--b9\nContent-Type: text/plain; charset=utf-8; name*=UTF-8''%s\n"
         "Content-Disposition: attachment; filename*=UTF-8''%s\n"
         "Content-Transfer-Encoding: base64\n\n" % (p1, p1)).encode() +
        b64_lines("单价 12.50 元\n".encode("utf-8")),
        ("--b9\nContent-Type: text/csv; charset=utf-8\n"
         "Content-Disposition: attachment;\n filename*0*=UTF-8''%s;\n filename*1*=%s\n"
         "Content-Transfer-Encoding: base64\n\n" % (p2[:half], p2[half:])).encode() +
        b64_lines("客户,负责人\n明达,陈静\n".encode("utf-8")),
        ('--b9\nContent-Type: text/plain; charset=GBK; name="%s"\n'
         'Content-Disposition: attachment; filename="%s"\n'
         "Content-Transfer-Encoding: base64\n\n" % (b_word("GBK", f3.encode("gbk")),
                                                      b_word("GBK", f3.encode("gbk")))).encode() +
        b64_lines("付款条件：收货后三十天。\n".encode("gbk")),
    ]
    case("rfc2231-filename/message.eml", message(
        ["From: Chen Jing <chen.jing@example.cn>", "Subject: Attachments with encoded names"] +
        COMMON + [mid("rfc2231"), "MIME-Version: 1.0",
                  'Content-Type: multipart/mixed; boundary="b9"'],
        b"\n".join(parts) + b"\n--b9--\n"),
        "Attachments with encoded names", "Chen Jing", ["请看附件中的报价单和交接清单。"],
        ["attachment:报价单", "attachment:交接清单", "attachment:合同要点"], [f1, f2, f3])

    # 10. Bogus charset labels.
    body = "标签是乱写的，但正文是UTF-8编码。\n"
    case("bogus-charset-labels/charset-literal.eml", message(
        ["From: Label Test <labels@example.cn>", "Subject: label charset"] + COMMON +
        [mid("label-charset"), "MIME-Version: 1.0", 'Content-Type: text/plain; charset="charset"',
         "Content-Transfer-Encoding: 8bit"], body.encode("utf-8")),
        "label charset", "Label Test", ["标签是乱写的，但正文是UTF-8编码。"], ["乱写"])
    body = "等号被编码了两次：3D前缀。\n"
    case("bogus-charset-labels/3dutf-8.eml", message(
        ["From: Label Test <labels@example.cn>", "Subject: label 3Dutf-8"] + COMMON +
        [mid("label-3d"), "MIME-Version: 1.0", "Content-Type: text/plain; charset=3Dutf-8",
         "Content-Transfer-Encoding: 8bit"], body.encode("utf-8")),
        "label 3Dutf-8", "Label Test", ["等号被编码了两次：3D前缀。"], ["前缀"])
    subj = "标签gb2312_charset"
    body = "这封邮件的标签写成了gb2312_charset，正文是GBK。\n"
    case("bogus-charset-labels/gb2312_charset.eml", message(
        ["From: Label Test <labels@example.cn>",
         "Subject: " + b_word("gb2312_charset", subj.encode("gbk"))] + COMMON +
        [mid("label-gb2312-charset"), "MIME-Version: 1.0",
         "Content-Type: text/plain; charset=gb2312_charset", "Content-Transfer-Encoding: 8bit"],
        body.encode("gbk")),
        subj, "Label Test", ["这封邮件的标签写成了gb2312_charset，正文是GBK。"], ["这封邮件"])
    body = "未知字符集标签，正文其实是国标码。\n"
    case("bogus-charset-labels/x-unknown.eml", message(
        ["From: Label Test <labels@example.cn>", "Subject: label x-unknown"] + COMMON +
        [mid("label-x-unknown"), "MIME-Version: 1.0", "Content-Type: text/plain; charset=x-unknown",
         "Content-Transfer-Encoding: 8bit"], body.encode("gbk")),
        "label x-unknown", "Label Test", ["未知字符集标签，正文其实是国标码。"], ["国标码"])

    # 11. HTML only, no charset in Content-Type, the charset in a <meta> tag.
    html = ('<html><head><meta charset="gbk"><title>通知</title></head>'
            "<body><p>系统维护将于周六晚上进行，请提前保存文件。</p></body></html>\n")
    case("html-meta-charset/meta-charset.eml", message(
        ["From: IT Desk <it@example.cn>", "Subject: HTML meta charset"] + COMMON +
        [mid("html-meta"), "MIME-Version: 1.0", "Content-Type: text/html",
         "Content-Transfer-Encoding: 8bit"], html.encode("gbk")),
        "HTML meta charset", "IT Desk", ["系统维护将于周六晚上进行，请提前保存文件。"], ["系统维护"])
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            "</head><body><div>财务报表已上传到共享目录。</div></body></html>\n")
    case("html-meta-charset/http-equiv.eml", message(
        ["From: IT Desk <it@example.cn>", "Subject: HTML http-equiv charset"] + COMMON +
        [mid("html-http-equiv"), "MIME-Version: 1.0", "Content-Type: text/html",
         "Content-Transfer-Encoding: 8bit"], html.encode("gbk")),
        "HTML http-equiv charset", "IT Desk", ["财务报表已上传到共享目录。"], ["共享目录"])


def build():
    build_cases()
    return {path: data for path, (data, _) in CASES.items()}


def expectations():
    build_cases()
    return {path: exp for path, (_, exp) in CASES.items()}


def main():
    files = build()
    for rel, data in files.items():
        path = os.path.join(HERE, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    print("wrote %d files under %s" % (len(files), HERE), file=sys.stderr)


if __name__ == "__main__":
    main()
