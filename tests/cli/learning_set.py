"""A labelled set of sales mail for the context model of issue 7 (test_learning_labelled.py).

Each item is one message from zhang.wei@haina-trade.com (sales) to a customer, on a weekday
at 10:00 Shanghai time, with a unique key ("LS-0001") in its subject. Its body is real corpus
text (paragraphs of Enron sent mail for English, of trec06c normal mail for Chinese) around
one labelled sentence that holds exactly one phrase of its target rule:

  * promise     -- the sender's own promise of the lowest price or a lifetime warranty
                   (positive: compliance confirms it);
  * reported    -- the customer's or a competitor's words, reported by the sender;
  * negation    -- the sender refuses or rules it out, in words the exception list lacks;
  * signature   -- a tagline in the signature block, after a closing line or "-- ";
  * attribution -- the customer's own text below an "On ..., X wrote:" / "X 写道：" line,
                   not marked with "> ".
The last four are look-alikes (negative: compliance dismisses them). Target rules:
english/lowest-price, english/lifetime-warranty, sales-zh/lowest-price,
sales-zh/lifetime-warranty. Labels come from how an item is built, never from mailscope.

Everything is drawn from random.Random(SEED) over sorted corpus files, so the set is the same
on every run. Carrier messages holding any phrase of the four rules (or a near form of one)
are skipped, and every built body is checked here (with the rules' own terms and regexes read
from the policy files) to hold exactly one phrase of the four rules: the planted one.

The items of each (rule, kind) are split 50/50 into a training part (whose decisions are
applied) and a test part (on which the figures are measured); build(..., part="fresh")
gives a small separate set of new items from other carriers, for checking scan-time scoring.
"""
import datetime
import email
import functools
import email.policy
import email.utils
import os
import random
import re
import tomllib
import unicodedata
from email.message import EmailMessage

SEED = 7  # issue 7

SENDER = ("张伟 (David Zhang)", "zhang.wei@haina-trade.com")
CUSTOMERS_EN = [("Mike Johnson", "mike.johnson@globalgadgets.com"),
                ("Sarah Lee", "sarah.lee@globalgadgets.com"),
                ("Erik Lindqvist", "erik.lindqvist@nordichome.se"),
                ("Anna Berg", "anna.berg@nordichome.se")]
CUSTOMERS_ZH = [("黄建国", "huang.jianguo@mingda-elec.com"),
                ("何静", "he.jing@yunfan-fashion.cn"),
                ("林志明", "lin.zhiming@dingtai.com.tw"),
                ("刘洋", "liu.yang@xinhe-mart.com")]
SH = datetime.timezone(datetime.timedelta(hours=8))

RULES = [("english", "lowest-price", "en"), ("english", "lifetime-warranty", "en"),
         ("sales-zh", "lowest-price", "zh"), ("sales-zh", "lifetime-warranty", "zh")]
LOOKALIKES = ["reported", "negation", "signature", "attribution"]
KINDS = ["promise"] + LOOKALIKES
# Items per (rule, kind) in the main set, and in the fresh set.
MAIN_COUNTS = {"promise": 32, "reported": 8, "negation": 8, "signature": 8, "attribution": 8}
FRESH_COUNTS = {"promise": 3, "reported": 1, "negation": 1, "signature": 1, "attribution": 1}

# --- Slot values -----------------------------------------------------------------------------

PRODUCTS_EN = ["PB-20000 power banks", "TWS-X3 earbuds", "SP-10 smart plugs", "LED desk lamps",
               "USB-C hubs", "Bluetooth speakers", "travel adapters", "cordless drills",
               "steel water bottles", "wireless chargers", "HDMI cables", "camping lanterns"]
PRODUCTS_ZH = ["移动电源", "蓝牙耳机", "智能插座", "LED台灯", "扩展坞", "蓝牙音箱", "电动牙刷",
               "旅行转换插头", "无线充电器", "露营灯", "电热水壶", "车载充电器"]
QTY = ["500", "800", "1,000", "1,200", "2,000", "3,000", "5,000", "8,000", "10,000"]
QTY_ZH = ["500", "800", "1000", "1200", "2000", "3000", "5000", "8000", "10000"]
PRICES = ["USD 3.80", "USD 4.25", "USD 6.90", "USD 7.40", "USD 9.95", "USD 12.60", "USD 14.90",
          "USD 18.30"]
PRICES_ZH = ["23.5", "29.8", "36", "42.5", "55", "68", "79.9", "103"]
NAMES_EN = ["Mike", "Sarah", "Erik", "Anna"]
NAMES_ZH = ["黄经理", "何总", "林先生", "刘经理"]
COMPETITORS_EN = ["Acme", "Kingsway Supply", "TopSource", "Bright Star", "Delta Components",
                  "Everwin"]
COMPETITORS_ZH = ["华强", "深圳明光", "东方供应链", "鑫达贸易", "宏远电子", "博联"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
DAYS_ZH = ["周一", "周二", "周三", "周四", "周五"]

# --- Sentence templates --------------------------------------------------------------------
# (policy-less) keys: (lang, rule, kind). Slots: {product} {qty} {price} {name} {comp} {day}.

T = {}
T["en", "lowest-price", "promise"] = [
    "For {qty} {product} we will give you our lowest price: {price} per unit.",
    "This is the lowest price we have ever offered on {product}, {name}.",
    "I can promise you the lowest price on the {product} order.",
    "You have my word that {price} is the lowest possible price for {qty} units.",
    "We guarantee you the cheapest price in the market for {product}.",
    "Nobody can beat this price: {price} for {qty} {product}.",
    "Confirm the PO by {day} and you get our rock-bottom price of {price}.",
    "{name}, {price} per unit is our lowest price and it is yours for {qty} units.",
    "Best price guaranteed on the {product}: {price} per unit, freight included.",
    "For you we will go down to the lowest price, {price} per piece.",
    "I have already arranged the lowest price for your {product} order.",
    "If you take {qty} units, I will give you the cheapest price we have.",
    "You are getting the lowest price of all our customers on {product}.",
    "Rest assured that {price} is our lowest price for the {product}.",
]
T["en", "lifetime-warranty", "promise"] = [
    "To make it easy for you, we will give you a lifetime warranty on the {product}.",
    "I can promise a lifetime warranty on {product} for your order.",
    "All {product} in this shipment come with a lifetime guarantee from us.",
    "Any of the {product} that fails gets a free replacement for life.",
    "We offer an unlimited warranty on the {product}, {name}.",
    "For {qty} units I will add a life-time warranty at no extra cost.",
    "You have a warranty for life on every one of the {product} you buy from us.",
    "We stand behind our {product} with a lifetime warranty, no questions asked.",
    "As a thank-you for the order, your {product} will carry a permanent warranty.",
    "I confirm that the {product} order includes our lifetime guarantee.",
    "If anything goes wrong with the {product}, our lifetime warranty covers it.",
    "We will replace any faulty unit under a lifetime warranty, {name}.",
]
T["en", "lowest-price", "reported"] = [
    "Your purchasing manager mentioned that {comp} offered the lowest price on {product}.",
    "According to your last note, {comp} is quoting the lowest price in the region.",
    "{name} told me that {comp} has the cheapest price for {product}.",
    "I understand {comp} claims to offer the lowest price on the market.",
    "Your team wrote that {comp} gave you a rock-bottom price last quarter.",
    "{name} insisted that {comp} offers the lowest possible price for {qty} units.",
    "Per your note, {comp} promised you the lowest price for {qty} units.",
    "Your buyer keeps saying {comp} has the lowest price for {product}.",
]
T["en", "lifetime-warranty", "reported"] = [
    "Your buyer mentioned that {comp} includes a lifetime warranty on {product}.",
    "{name} wrote that {comp} advertises a lifetime guarantee on their {product}.",
    "According to {name}, {comp} offers an unlimited warranty on the same model.",
    "I hear {comp} is promising a lifetime warranty to win the tender.",
    "Your colleague claims {comp} gives a warranty for life on {product}.",
    "{comp}'s brochure, which you forwarded, lists a lifetime warranty on {product}.",
    "You mentioned on the call that {comp} offers a free replacement for life.",
    "{name} insisted that {comp} includes a lifetime warranty in every contract.",
]
T["en", "lowest-price", "negation"] = [
    "There is no chance we would go down to the lowest price for {qty} units.",
    "We won't be able to match the lowest price {comp} quoted.",
    "We are unable to offer the lowest price on {product} this time.",
    "Sorry, the {qty}-unit order does not qualify for the cheapest price.",
    "Management refused my request for a rock-bottom price on the {product}.",
    "I'm afraid we will not go down to the lowest price on {product}.",
    "No way can we offer the lowest possible price at this volume.",
    "We won't be quoting the lowest price this season, {name}.",
]
T["en", "lifetime-warranty", "negation"] = [
    "We won't be providing a lifetime warranty on the {product}.",
    "Unfortunately we are unable to extend a lifetime warranty to {product}.",
    "There is no way we can put a lifetime guarantee into the contract.",
    "Our management will not approve a lifetime warranty for this order.",
    "We don't provide a warranty for life on {product}; the standard term is 12 months.",
    "Sorry, a permanent warranty on the {product} is not possible.",
    "I had to turn down the request for a lifetime warranty on {product}.",
    "We are not able to grant a lifetime warranty, {name}.",
]
T["zh", "lowest-price", "promise"] = [
    "这批{product}我们给您最低价，每台{price}元。",
    "{qty}台的话，我保证给您最低价。",
    "这已经是全网最低了，您放心下单。",
    "{name}，这个价格是我们的底价，别家拿不到。",
    "给您的{product}报价是绝对最低的。",
    "这次给贵司的是最低的价格，{price}元含运费。",
    "只要您{day}前下单，{product}就按最低价给您。",
    "我已经跟领导申请好了，{product}给您价格最低。",
    "{product}每台{price}元，这是最便宜的价格了。",
    "放心，{qty}台{product}一定是全网最低价。",
    "这个单子我们按底价给您做，{name}。",
    "{name}您好，{product}我们保证最低，{price}元一台。",
]
T["zh", "lifetime-warranty", "promise"] = [
    "{product}我们提供终身保修。",
    "这批{product}我们给您终身保修。",
    "您放心，{product}终身质保，坏了直接换。",
    "只要是我们卖的{product}，都可以终身免费维修。",
    "{name}，这次的{product}给您永久保修。",
    "我们承诺{product}终生保修，次数不限。",
    "{qty}台{product}全部终身保修，售后由我负责。",
    "{product}保修一辈子，您尽管用。",
    "考虑到贵司的量，{product}可以享受终身免费换新。",
    "{product}的质量我们有信心，终身保修。",
    "下单后{product}都给您做无限期保修。",
    "我个人向您保证，{product}终身质保。",
]
T["zh", "lowest-price", "reported"] = [
    "客户反馈{comp}报了最低价。",
    "贵司采购提到{comp}给的是全网最低。",
    "{name}在电话里提到，{comp}那边报的是底价。",
    "据贵司采购部反映，{comp}的报价是最低价。",
    "{comp}在展会上宣传自己是价格最低的供应商。",
    "您上次邮件里提到{comp}给了绝对最低的报价。",
    "贵司的采购坚持认为{comp}给的是最低价。",
    "{name}转达了{comp}的意思：他们的{product}全网最低。",
]
T["zh", "lifetime-warranty", "reported"] = [
    "客户反馈{comp}承诺了终身保修。",
    "{name}提到{comp}的{product}有终身质保。",
    "{comp}的宣传册上写着永久保修。",
    "贵司采购部转来的资料显示，{comp}给的是终身保修。",
    "您上周在电话里提到，{comp}对{product}承诺终生保修。",
    "贵司采购坚持认为{comp}的{product}是终身保修。",
    "据贵司反映，{comp}在投标时写了终身质保。",
    "{name}转来的报价单上，{comp}写的是无限期保修。",
]
T["zh", "lowest-price", "negation"] = [
    "我们这边实在没办法做到最低价。",
    "{qty}台的量恐怕给不了最低价，还请理解。",
    "公司没有批准给{product}报底价。",
    "{qty}台的量很难拿到最低价。",
    "这次我们不打算跟进{comp}的最低价。",
    "领导拒绝了给贵司最低价的申请。",
    "按目前的原材料成本，我们做不到价格最低。",
    "{product}这次没法按底价走，{name}见谅。",
]
T["zh", "lifetime-warranty", "negation"] = [
    "我们没法给{product}终身保修。",
    "公司早就不给终身保修了。",
    "领导拒绝了{product}终身保修的申请。",
    "{product}这次不再提供终身保修。",
    "恐怕很难给到终身质保，标准是12个月。",
    "我们给不了永久保修，请{name}见谅。",
    "{product}这次实在没办法答应终身质保。",
    "按公司规定，{product}不给终身保修。",
]
# The customer's own words, below an attribution line (first person of the customer).
T["en", "lowest-price", "attribution"] = [
    "{comp} has already offered us the lowest price for {qty} {product}.",
    "We need your lowest price on the {product} by {day}, otherwise we go with {comp}.",
    "Last year you gave us the cheapest price in the market, so please keep it that way.",
    "Please send us your rock-bottom price for {qty} units.",
    "Our board expects the lowest possible price on this tender.",
    "{comp} told us nobody can beat that price.",
]
T["en", "lifetime-warranty", "attribution"] = [
    "{comp} offers a lifetime warranty on the same {product}.",
    "For this tender we need a lifetime guarantee on the {product}.",
    "Our end users are used to a warranty for life from {comp}.",
    "Could you match the unlimited warranty that {comp} includes?",
    "Our retail partners expect a lifetime warranty on {product}.",
    "{comp} even adds a free replacement for life.",
]
T["zh", "lowest-price", "attribution"] = [
    "{comp}已经给我们报了最低价，请贵司尽快回复。",
    "这次招标我们需要贵司的底价。",
    "请在{day}前给出最低的价格，否则我们只能选择{comp}。",
    "我们老板要求这批{product}必须拿到全网最低。",
    "去年贵司给的就是最低价，今年也请照此执行。",
    "{qty}台{product}，请报绝对最低的价格。",
]
T["zh", "lifetime-warranty", "attribution"] = [
    "{comp}的同款{product}有终身保修。",
    "我们的终端客户习惯了终身质保。",
    "这次采购要求供应商承诺永久保修。",
    "希望贵司也能给到终身保修。",
    "{comp}给我们的{product}是终生保修。",
    "我们需要{product}终身免费换新的书面说明。",
]
# Taglines of a signature block.
T["en", "lowest-price", "signature"] = [
    "HaiNa Trade | lowest prices on 3,000 product lines",
    "HaiNa Cross-Border Trading: the lowest price, every day",
    "Rock-bottom prices, fast shipping from Shenzhen",
    "HaiNa own-brand electronics | best price guaranteed",
    "Your partner for the cheapest price in consumer electronics",
]
T["en", "lifetime-warranty", "signature"] = [
    "HaiNa Trade | lifetime warranty on our own-brand tools",
    "Quality you can trust: lifetime guarantee on selected lines",
    "HaiNa Pro series | free replacement for life",
    "Own-brand lamps and chargers with unlimited warranty",
    "HaiNa Cross-Border Trading: warranty for life on HaiNa Pro",
]
T["zh", "lowest-price", "signature"] = [
    "海纳贸易——全网最低价，厂家直供",
    "海纳跨境贸易 · 价格最低 · 服务最好",
    "同类产品最低价，欢迎比价",
    "海纳贸易：工厂底价，品质保障",
    "海纳电子 绝对最低 当天发货",
]
T["zh", "lifetime-warranty", "signature"] = [
    "海纳贸易 · 自有品牌终身保修",
    "品质保证，终身质保",
    "海纳工具——永久保修，放心使用",
    "海纳电子 自有品牌终生保修",
    "海纳跨境贸易 | 终身免费维修",
]

CLOSINGS_EN = ["Best regards,", "Kind regards,", "Regards,", "Thanks,", "Best,", "Cheers,"]
NAMES_SIG_EN = ["Zhang Wei", "David Zhang", "David Zhang (Zhang Wei)"]
TITLES_EN = ["Senior Sales Representative", "Sales | HaiNa Cross-Border Trading Ltd.",
             "Tel +86 21 5555 0134"]
CLOSINGS_ZH = ["此致\n敬礼", "祝好", "顺祝商祺", "谢谢"]
NAMES_SIG_ZH = ["张伟", "张伟 | 高级销售代表", "张伟（销售部）"]
TITLES_ZH = ["海纳跨境贸易有限公司", "电话：021-5555 0134", "销售部 高级销售代表"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

# --- Carriers --------------------------------------------------------------------------------

# Near forms of the four rules' phrases: a carrier holding any of them is skipped.
BANNED_EN = ["lowest", "cheapest", "bottom", "beat", "best price", "lifetime", "life time",
             "life-time", "warrant", "guarantee", "for life", "forever", "replacement",
             "unlimited", "permanent", "everlasting"]
BANNED_ZH = ["最低", "最便宜", "底价", "底價", "保修", "保固", "质保", "質保", "终身", "終身",
             "终生", "終生", "永久", "一辈子", "一輩子", "换新", "換新", "无限期", "無限期",
             "全网", "全網", "绝对", "絕對", "价格最", "價格最", "买贵", "買貴", "维修", "維修"]
# Lines that would make a carrier look like a quote, a forward, an attribution or a signature.
STRUCTURE = ["wrote", "writes", "写道", "寫道", "original message", "forwarded", "转发",
             "轉發", "原始邮件", "from:", "sent:", "to:", "cc:", "subject:", "date:", "发件人",
             "发信站", "标  题", "来源", "http", "www.", "@", "---", "___", "===", "***", "※",
             "\t", "|"]
CLOSING_LINES = {"regards", "best regards", "kind regards", "best", "thanks", "thank you",
                 "sincerely", "cheers", "yours sincerely", "best wishes", "此致", "敬礼",
                 "此致敬礼", "祝好", "顺祝商祺", "祝商祺", "谢谢"}


def squash(text):
    """Lower case, no white space or punctuation: for checking banned near forms."""
    return "".join(c for c in text.lower()
                   if not c.isspace() and not unicodedata.category(c).startswith("P"))


def banned(text):
    low = " ".join(text.lower().split())
    if any(b in low for b in BANNED_EN):
        return True
    sq = squash(text)
    return any(b in sq for b in BANNED_ZH) or any(squash(b) in sq for b in BANNED_EN)


def structural(line):
    low = line.lower().strip()
    if not low:
        return False
    if low[0] in ">:：＞|【[-_=*" or low in CLOSING_LINES:
        return True
    if low.rstrip(",!:") in CLOSING_LINES:
        return True
    return any(s in low for s in STRUCTURE)


def text_of(path):
    """The text/plain body of one corpus message, or None (undecodable, none)."""
    with open(path, "rb") as f:
        msg = email.message_from_bytes(f.read())
    for part in msg.walk():
        if part.get_content_type() != "text/plain" or part.is_multipart():
            continue
        raw = part.get_payload(decode=True)
        if raw is None:
            continue
        cs = (part.get_content_charset() or "").lower()
        codec = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
                 "us-ascii": "ascii", "iso-8859-1": "cp1252"}.get(cs, cs or None)
        for c in ([codec] if codec else []) + ["gb18030", "utf-8"]:
            try:
                return raw.decode(c)
            except (LookupError, UnicodeDecodeError):
                continue
        return None
    return None


def en_paragraphs(body):
    """Clean paragraphs of an Enron body: whole sentences of ordinary prose."""
    out = []
    for para in re.split(r"\n[ \t]*\n", body.replace("\r\n", "\n")):
        lines = [l.rstrip() for l in para.strip("\n").split("\n")]
        text = "\n".join(l.strip() for l in lines).strip()
        if not (60 <= len(text) <= 360) or len(lines) > 5:
            continue
        if not all(32 <= ord(c) < 127 or c == "\n" for c in text):
            continue
        if any(structural(l) for l in lines) or "  " in text.replace(".  ", ". "):
            continue
        words = text.split()
        letters = sum(c.isalpha() for c in text)
        if len(words) < 10 or letters < 0.7 * len(text.replace(" ", "").replace("\n", "")):
            continue
        if text[-1] not in ".!?" or not text[0].isupper():
            continue
        out.append(text)
    return out


def zh_paragraphs(body):
    """Clean pieces of a trec06c body: the author's own lines (above any quote), two at most
    to a piece, mostly Chinese."""
    own = []
    for line in body.replace("\r\n", "\n").split("\n"):
        s = line.strip()
        if s.startswith((":", "：", ">", "【", "--", "※")) or "发信站" in s or "写道" in s:
            break
        own.append(s)
    out = []
    block = []
    for s in own + [""]:
        if s:
            block.append(s)
            continue
        for i in range(0, len(block), 2):
            piece = block[i:i + 2]
            text = "\n".join(piece)
            if any(structural(l) for l in piece) or not (12 <= len(text) <= 120):
                continue
            if any(not (8 <= len(l) <= 70) for l in piece):
                continue
            cjk = sum(0x4E00 <= ord(c) <= 0x9FFF for c in text)
            if cjk < 0.6 * len(text.replace("\n", "")) or "\ufffd" in text:
                continue
            if any(ord(c) < 32 and c != "\n" for c in text):
                continue
            out.append(text)
        block = []
    return out


@functools.lru_cache(maxsize=None)
def carrier_pool(lang, corpus_root):
    """[[paragraph, ...] per message], messages with at least two clean paragraphs and no
    banned near form anywhere in the body, in sorted file order."""
    pool = []
    if lang == "en":
        root = os.path.join(corpus_root, "maildir")
        folders = []
        for who in sorted(os.listdir(root)):
            for sub in ("_sent_mail", "sent", "sent_items"):
                if os.path.isdir(os.path.join(root, who, sub)):
                    folders.append(os.path.join(root, who, sub))
        files = []
        for d in folders:
            names = sorted(os.listdir(d), key=lambda n: (len(n), n))
            files.extend(os.path.join(d, n) for n in names[:150])
        split = en_paragraphs
    else:
        root = os.path.join(corpus_root, "data", "normal")
        names = sorted(os.listdir(root), key=lambda n: (len(n), n))
        files = [os.path.join(root, n) for n in names[:3000]]
        split = zh_paragraphs
    seen = set()
    for path in files:
        body = text_of(path)
        if body is None or banned(body):
            continue
        paras = [p for p in split(body) if p not in seen]
        if len(paras) >= 2:
            seen.update(paras)
            pool.append(paras[:4])
    return tuple(pool)


# --- Checking a body against the rules' own phrases ----------------------------------------

def rule_phrases(policy_dir):
    """(policy, rule) -> compiled patterns of its terms and regexes, from the policy files."""
    out = {}
    for fname, pid in (("english.toml", "english"), ("sales-zh.toml", "sales-zh")):
        with open(os.path.join(policy_dir, fname), "rb") as f:
            doc = tomllib.load(f)
        for r in doc["rule"]:
            if r["id"] not in ("lowest-price", "lifetime-warranty"):
                continue
            pats = [re.compile(x) for x in r.get("regex", [])]
            pats += [re.compile(re.escape(t.lower())) for t in r.get("terms", [])]
            out[pid, r["id"]] = pats
    return out


def normalised(text):
    """Lower case, NFKC, and no white space or punctuation between two Han characters (as
    the policy files describe their matching)."""
    t = unicodedata.normalize("NFKC", text).lower()
    han = lambda c: 0x3400 <= ord(c) <= 0x9FFF
    out = []
    i = 0
    while i < len(t):
        c = t[i]
        if (c.isspace() or unicodedata.category(c).startswith("P") or
                (ord(c) < 128 and not c.isalnum())) and out and han(out[-1]):
            j = i
            while j < len(t) and (t[j].isspace() or unicodedata.category(t[j]).startswith("P")
                                  or (ord(t[j]) < 128 and not t[j].isalnum())):
                j += 1
            if j < len(t) and han(t[j]):
                i = j
                continue
        out.append(c)
        i += 1
    return "".join(out)


def phrase_hits(text, phrases):
    """(policy, rule) -> number of non-overlapping occurrences of its phrases in text."""
    norm = normalised(text)
    counts = {}
    for key, pats in phrases.items():
        spans = sorted((m.start(), m.end()) for p in pats for m in p.finditer(norm))
        n, last = 0, -1
        for a, b in spans:
            if a >= last:
                n += 1
                last = b
        counts[key] = n
    return counts


# --- Building items ------------------------------------------------------------------------

def fill(rng, lang, template):
    zh = lang == "zh"
    return template.format(
        product=rng.choice(PRODUCTS_ZH if zh else PRODUCTS_EN),
        qty=rng.choice(QTY_ZH if zh else QTY),
        price=rng.choice(PRICES_ZH if zh else PRICES),
        name=rng.choice(NAMES_ZH if zh else NAMES_EN),
        comp=rng.choice(COMPETITORS_ZH if zh else COMPETITORS_EN),
        day=rng.choice(DAYS_ZH if zh else DAYS_EN))


def closing_block(rng, lang):
    if lang == "en":
        lines = [rng.choice(CLOSINGS_EN), rng.choice(NAMES_SIG_EN)]
        if rng.random() < 0.5:
            lines.append(rng.choice(TITLES_EN))
    else:
        lines = [rng.choice(CLOSINGS_ZH), rng.choice(NAMES_SIG_ZH)]
        if rng.random() < 0.5:
            lines.append(rng.choice(TITLES_ZH))
    return "\n".join(lines)


def signature_block(rng, lang, tagline):
    """A signature holding the tagline: after a closing line, or below "-- "."""
    titles = TITLES_EN if lang == "en" else TITLES_ZH
    names = NAMES_SIG_EN if lang == "en" else NAMES_SIG_ZH
    if rng.random() < 0.7:
        lines = closing_block(rng, lang).split("\n")
    else:
        lines = ["-- ", rng.choice(names)]
        if rng.random() < 0.5:
            lines.append(rng.choice(titles))
    lines.append(tagline)
    return "\n".join(lines)


def attribution_line(rng, lang, customer, when):
    name, addr = customer
    hour = rng.choice([8, 9, 11, 14, 15, 16, 17])
    minute = rng.randrange(60)
    if lang == "en":
        forms = [
            "On {wd}, {mon} {d}, {y} at {h12}:{mm:02d} {ap} {name} <{addr}> wrote:",
            "On {d} {mon} {y}, at {hh:02d}:{mm:02d}, {name} wrote:",
            "{name} <{addr}> wrote:",
            "On {y}-{mo:02d}-{d:02d} {hh:02d}:{mm:02d}, {name} wrote:",
        ]
    else:
        forms = [
            "在 {y}年{mo}月{d}日 {hh:02d}:{mm:02d}，{name} <{addr}> 写道：",
            "{name} 于 {y}-{mo:02d}-{d:02d} {hh:02d}:{mm:02d} 写道：",
            "{name}<{addr}> 写道：",
        ]
    return rng.choice(forms).format(
        wd=WEEKDAYS[when.weekday()], mon=MONTHS[when.month - 1], d=when.day, y=when.year,
        mo=when.month, h12=(hour - 1) % 12 + 1, ap="AM" if hour < 12 else "PM", hh=hour,
        mm=minute, name=name, addr=addr)


class Item:
    def __init__(self, **kw):
        self.__dict__.update(kw)

    @property
    def positive(self):
        return self.kind == "promise"

    def __repr__(self):
        return f"Item({self.key} {self.lang} {self.policy}/{self.rule} {self.kind} {self.split})"


def compose(rng, it, paras, customer, when):
    """The body of an item: carrier paragraphs around the labelled sentence."""
    lang = it.lang
    sep = "\n\n"
    greet = (f"Hi {customer[0].split()[0]}," if lang == "en" else f"{customer[0]}，您好：")
    n_before = 1 if len(paras) < 3 else rng.choice([1, 2])
    before, after = paras[:n_before], paras[n_before:n_before + 2]
    if it.kind == "signature":
        parts = [greet] + paras[:min(len(paras), 3)] + [signature_block(rng, lang, it.sentence)]
    elif it.kind == "attribution":
        # The sender's reply (real text), maybe signed, then the customer's unquoted text.
        parts = [greet] + before
        if rng.random() < 0.5:
            parts.append(closing_block(rng, lang))
        earlier = when - datetime.timedelta(days=rng.choice([1, 2, 3]))
        attr = attribution_line(rng, lang, customer, earlier)
        if rng.random() < 0.5:
            parts.append(attr + "\n" + it.sentence)
        else:
            parts += [attr, it.sentence]
        parts += after
    else:
        parts = [greet] + before + [it.sentence] + after + [closing_block(rng, lang)]
    return sep.join(parts) + "\n"


def message_bytes(it):
    m = EmailMessage()
    m["From"] = email.utils.formataddr(SENDER)
    m["To"] = email.utils.formataddr(it.customer)
    m["Subject"] = it.subject
    m["Message-ID"] = f"<{it.key.lower()}@learning-set.mailscope.test>"
    m["Date"] = email.utils.format_datetime(it.date)
    m.set_content(it.body, charset="utf-8", cte="base64")
    return bytes(m)


def plan(counts, part):
    """[(lang, policy, rule, kind, index)] in a fixed order."""
    out = []
    for policy, rule, lang in RULES:
        for kind in KINDS:
            for i in range(counts[kind]):
                out.append((lang, policy, rule, kind, i))
    return out


def build(corpus_en, corpus_zh, policy_dir, part="main"):
    """The items of the main set (keys LS-0001...) or of the fresh set (LS-1001...)."""
    rng = random.Random(SEED)
    pools = {"en": list(carrier_pool("en", corpus_en)),
             "zh": list(carrier_pool("zh", corpus_zh))}
    for lang in pools:
        rng.shuffle(pools[lang])
    counts = MAIN_COUNTS if part == "main" else FRESH_COUNTS
    slots = plan(counts, part)
    # Carriers: the main set takes the front of each shuffled pool, the fresh set the back.
    need = {lang: sum(1 for s in plan(MAIN_COUNTS, "main") if s[0] == lang) for lang in pools}
    for lang, pool in pools.items():
        fresh_need = sum(1 for s in plan(FRESH_COUNTS, "fresh") if s[0] == lang)
        if len(pool) < need[lang] + fresh_need + 40:
            raise RuntimeError(f"only {len(pool)} {lang} carriers")
    cursor = {lang: (0 if part == "main" else len(pools[lang]) - 1) for lang in pools}
    step = 1 if part == "main" else -1
    phrases = rule_phrases(policy_dir)
    rng = random.Random(SEED * 1000 + (0 if part == "main" else 1))
    # Template order per (lang, rule, kind): shuffled and cycled, so each template is used
    # about equally often and lands in both parts.
    orders = {}
    items = []
    base = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=SH)  # a Monday
    for n, (lang, policy, rule, kind, i) in enumerate(slots):
        key = f"LS-{n + (1 if part == 'main' else 1001):04d}"
        tkey = (lang, rule, kind)
        if tkey not in orders:
            o = list(range(len(T[tkey])))
            rng.shuffle(o)
            orders[tkey] = o
        template = T[tkey][orders[tkey][i % len(orders[tkey])]]
        sentence = fill(rng, lang, template)
        customer = rng.choice(CUSTOMERS_EN if lang == "en" else CUSTOMERS_ZH)
        when = base + datetime.timedelta(days=7 * (n // 5) + n % 5)
        if part == "fresh":
            when += datetime.timedelta(days=7 * 60)
        product = rng.choice(PRODUCTS_EN if lang == "en" else PRODUCTS_ZH)
        subject = (f"[{key}] {product}: order follow-up" if lang == "en"
                   else f"[{key}] {product} 订单跟进")
        it = Item(key=key, lang=lang, policy=policy, rule=rule, kind=kind, index=i,
                  template=template, sentence=sentence, customer=customer, date=when,
                  subject=subject, split="fresh" if part == "fresh" else None)
        # A carrier whose body holds exactly the one planted phrase of the four rules.
        for _attempt in range(50):
            paras = pools[lang][cursor[lang]]
            cursor[lang] += step
            body = compose(rng, it, paras, customer, when)
            hits = phrase_hits(body + "\n" + subject, phrases)
            if hits[policy, rule] == 1 and sum(hits.values()) == 1:
                break
        else:
            raise RuntimeError(f"no carrier keeps {key} to one phrase: {sentence!r}")
        it.body = body
        items.append(it)
    if part == "main":
        split_items(items)
    return items


def split_items(items):
    """Train/test, 50/50 within each (rule, kind), by a seeded shuffle."""
    rng = random.Random(SEED + 1)
    groups = {}
    for it in items:
        groups.setdefault((it.policy, it.rule, it.kind), []).append(it)
    for key in sorted(groups):
        g = groups[key]
        order = list(range(len(g)))
        rng.shuffle(order)
        for rank, idx in enumerate(order):
            g[idx].split = "train" if rank < len(g) // 2 else "test"


def write_mbox(items, path):
    """An mboxrd file of the items (a "From " envelope line each; body lines that begin with
    "From " or ">From " quoted with one more ">")."""
    with open(path, "wb") as f:
        for it in items:
            data = message_bytes(it)
            env = it.date.astimezone(datetime.timezone.utc).strftime("%a %b %d %H:%M:%S %Y")
            f.write(f"From {SENDER[1]} {env}\n".encode())
            for line in data.split(b"\n"):
                if re.match(rb">*From ", line):
                    line = b">" + line
                f.write(line + b"\n")
            f.write(b"\n")
