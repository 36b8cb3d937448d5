#!/usr/bin/env python3
"""Makes the 1,000-term policy of the scan benchmark (bench/scan.sh), deterministically.

  make_scan_policy.py --text DUMP --terms TERMS_TXT --policy POLICY_TOML [--seed N]

DUMP is the decoded text of the case (`mailscope export --text`). From its vocabulary (ASCII
letters, lower-cased) come the English terms:
  - words of at least 5 letters seen at least --min-count times, minus the --skip-top most
    frequent words of the text (all lengths: "the", "enron", "please"...), sampled uniformly:
    mostly mid- and low-frequency words, so that the match rate is realistic;
  - two-word phrases (two words of at least 3 letters separated by exactly one space, neither
    among the most frequent words, at least one a candidate word as above), seen at least
    --min-count times.
The Chinese terms are a fixed list of 100 business and compliance terms of 2-4 characters
(the Enron text has next to no Chinese: they make the automaton carry multi-byte literals,
as a real library for a Chinese-speaking desk would, and rarely match).

All terms are lower case, unique, and free of quotes and backslashes. TERMS_TXT has one term a
line (for `rg -F -i -f` / `grep -F -i -f`); POLICY_TOML holds the same terms in rules of 10
(tiers alternate forbidden / approval; no `allowed` rule, since an allowed phrase cancels the
hits it overlaps), with skip_quoted and skip_forwarded off so that every occurrence counts, as
for grep. The same text and seed give byte-identical files.
"""
import argparse
import collections
import json
import random
import re
import sys

CHINESE = """
内幕消息 内幕交易 回扣 佣金 贿赂 好处费 返点 保密协议 合同 报价
最低价 底价 价格 折扣 发票 税务 逃税 避税 洗钱 现金
转账 汇款 账户 银行 股票 期货 期权 对冲 套利 操纵
垄断 串通 投标 招标 中标 围标 采购 供应商 客户 订单
交货 库存 利润 亏损 收入 成本 预算 审计 会计 财务报表
资产负债 现金流 董事会 股东 投资者 融资 贷款 担保 抵押 利率
汇率 外汇 天然气 电力 能源 石油 管道 交易员 风险 合规
监管 罚款 诉讼 律师 法院 调查 举报 泄露 机密 商业秘密
竞争对手 市场份额 定价 保证收益 稳赚不赔 私下交易 不要外传 删除邮件 销毁文件 账外
小金库 虚开发票 关联交易 利益输送 暗箱操作 红包 礼品卡 招待费 私人账户 封口费
""".split()

EN_CATEGORIES = ("trading", "pricing", "confidential", "customer", "regulatory", "finance")
ZH_CATEGORIES = ("zh-trading", "zh-finance")


def vocabulary(path, min_count, skip_top):
    words = collections.Counter()
    bigrams = collections.Counter()
    token = re.compile(r"[a-z]+")
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.lower()
            prev = None
            for m in token.finditer(line):
                w = m.group()
                words[w] += 1
                if prev is not None and prev.end() + 1 == m.start() and line[prev.end()] == " ":
                    bigrams[(prev.group(), w)] += 1
                prev = m
    # Sorted by count, then alphabetically: the order (and so the sample) does not depend on
    # the order of the text or of the hash table.
    ranked = sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))
    top = {w for w, _ in ranked[:skip_top]}
    cand = [w for w, n in ranked if len(w) >= 5 and n >= min_count and w not in top]
    cand_set = set(cand)
    phrases = sorted(
        (f"{a} {b}" for (a, b), n in bigrams.items()
         if n >= min_count and len(a) >= 3 and len(b) >= 3 and a not in top and b not in top
         and (a in cand_set or b in cand_set)),
    )
    return cand, phrases, sum(words.values())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--text", required=True, help="decoded text of the case")
    ap.add_argument("--terms", required=True, help="output: one term a line")
    ap.add_argument("--policy", required=True, help="output: the policy (TOML)")
    ap.add_argument("--seed", type=int, default=20261126)
    ap.add_argument("--words", type=int, default=750, help="English single words")
    ap.add_argument("--phrases", type=int, default=150, help="English two-word phrases")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--skip-top", type=int, default=200)
    ap.add_argument("--per-rule", type=int, default=10)
    a = ap.parse_args()

    cand, phrases, ntokens = vocabulary(a.text, a.min_count, a.skip_top)
    if len(cand) < a.words or len(phrases) < a.phrases:
        print(f"make_scan_policy: the text is too small: {len(cand)} candidate words, "
              f"{len(phrases)} phrases", file=sys.stderr)
        return 2
    rng = random.Random(a.seed)
    en_words = rng.sample(cand, a.words)
    taken = set(en_words)
    en_phrases = [p for p in rng.sample(phrases, min(len(phrases), a.phrases * 2))
                  if p not in taken][: a.phrases]
    english = en_words + en_phrases
    rng.shuffle(english)
    if len(set(CHINESE)) != 100 or any(not 2 <= len(t) <= 4 for t in CHINESE):
        print("make_scan_policy: the Chinese list must hold 100 distinct 2-4 character terms",
              file=sys.stderr)
        return 2
    chinese = list(CHINESE)
    terms = english + chinese
    assert len(set(terms)) == len(terms)
    assert all('"' not in t and "\\" not in t and t == t.strip() for t in terms)

    with open(a.terms, "w", encoding="utf-8") as f:
        for t in terms:
            f.write(t + "\n")

    out = ["# Generated by bench/make_scan_policy.py: the scan benchmark's 1,000-term policy.",
           f"# {len(en_words)} English words, {len(en_phrases)} English phrases, "
           f"{len(chinese)} Chinese terms; seed {a.seed}.",
           "[policy]", 'id = "bench"', 'name = "Scan benchmark: 1,000 terms"', "",
           "[defaults]", "skip_quoted = false", "skip_forwarded = false", ""]
    rules = 0
    for lang, group, cats in (("en", english, EN_CATEGORIES), ("zh", chinese, ZH_CATEGORIES)):
        for i in range(0, len(group), a.per_rule):
            n = i // a.per_rule
            out += ["[[rule]]", f'id = "{lang}-{n + 1:03d}"',
                    f'tier = "{"forbidden" if n % 2 else "approval"}"',
                    f'category = "{cats[n % len(cats)]}"',
                    "terms = [" + ", ".join(json.dumps(t, ensure_ascii=False)
                                            for t in group[i:i + a.per_rule]) + "]", ""]
            rules += 1
    with open(a.policy, "w", encoding="utf-8") as f:
        f.write("\n".join(out))

    print(f"{len(terms)} terms ({len(en_words)} English words, {len(en_phrases)} English "
          f"phrases, {len(chinese)} Chinese) in {rules} rules; vocabulary: {ntokens:,} words, "
          f"{len(cand):,} candidate words, {len(phrases):,} candidate phrases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
