"""The HTML pages of `report trends --format html` and `timeline --format html` on the demo case
are well-formed, hold what the JSON output of the same commands holds (three SVG charts with
their lines and bars; one table row per message), and render in a real browser: headless
Chromium lays the pages out (--dump-dom keeps the charts) and paints them (--screenshot gives
a PNG, decoded here with zlib, that is not blank and shows the charts' colours).

The rendering half needs `chromium` (Debian package chromium, in scripts/install-deps.sh) and
is skipped with a message when it is not installed; the static half always runs.
"""
import html.parser
import os
import shutil
import struct
import subprocess
import unittest
import zlib

import mstest
from mstest import AS_OWNER, SOURCE, ms

# The demo directory makes roles apply: act as its compliance officer.
mstest.ACT_AS = "zhao.min@haina-trade.com"

DIRECTORY = os.path.join(SOURCE, "examples", "demo", "mailscope.toml")
POLICY_DIR = os.path.join(SOURCE, "examples", "policies")
CHARTS = ("flags-chart", "reply-chart", "runs-chart")
# Colours the charts paint (lib/mailscope/report/svg.cpp): the first series and legend of a
# line chart, and the bars of the runs chart.
BLUE, RED = (0x1F, 0x77, 0xB4), (0xD6, 0x27, 0x28)
WIDTH, HEIGHT = 1200, 2000


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Elements(html.parser.HTMLParser):
    """Start tags with their attributes, and the svg element each one is inside."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags = []      # (tag, attrs dict, id of the enclosing svg or None)
        self.svg = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.svg = a.get("id")
        self.tags.append((tag, a, self.svg))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.svg = None

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg = None

    def inside(self, svg_id, tag):
        return [a for t, a, s in self.tags if t == tag and s == svg_id]

    def all(self, tag, **attrs):
        return [a for t, a, _ in self.tags
                if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def png_pixels(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError(f"{path} is not a PNG")
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = ihdr
    if depth != 8 or colour not in (2, 6) or interlace:
        raise AssertionError(f"unexpected PNG format: depth {depth}, colour type {colour}")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, bpp)])
        prev = line
    return width, height, rows


class ReportHtml(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = mstest.scratch("report-html")
        case = cls.case = os.path.join(cls.work, "case")
        # The demo case as examples/demo/run.sh builds it.
        mstest.import_demo(case)
        ms("org", "set", DIRECTORY, case=case, check=0, env=AS_OWNER)
        policies = sorted(os.path.join(POLICY_DIR, p) for p in os.listdir(POLICY_DIR)
                          if p.endswith(".toml"))
        ms("policy", "add", *policies, case=case, check=0)
        r = ms("scan", case=case)
        assert r.code in (0, 1), repr(r)

        cls.trends_html = os.path.join(cls.work, "trends.html")
        cls.timeline_html = os.path.join(cls.work, "timeline-mingda.html")
        r = ms("report", "trends", "--format", "html", case=case, check=0)
        with open(cls.trends_html, "w", encoding="utf-8") as f:
            f.write(r.out)
        r = ms("timeline", "--customer", "明达", "--format", "html", case=case, check=0)
        with open(cls.timeline_html, "w", encoding="utf-8") as f:
            f.write(r.out)
        cls.trends = ms("report", "trends", "--format", "json", case=case, check=0).json()
        cls.customers = ms("stats", "customers", "--format", "json", case=case, check=0).json()
        cls.timeline = ms("timeline", "--customer", "明达", "--format", "json", case=case,
                          check=0).json()

    def read(self, path):
        with open(path, encoding="utf-8") as f:
            return f.read()

    # --- the pages as written ----------------------------------------------------------------

    def test_trends_page_has_the_three_charts(self):
        page = Elements(self.read(self.trends_html))
        svgs = [a.get("id") for a in page.all("svg")]
        self.assertEqual(svgs, list(CHARTS))
        months = sorted({r["month"] for r in self.trends})
        categories = sorted({r["name"] for r in self.trends if r["kind"] == "category"})
        self.assertGreaterEqual(len(months), 2)
        lines = page.inside("flags-chart", "polyline")
        self.assertEqual(sorted(p["data-name"] for p in lines), categories)
        for p in lines:
            self.assertEqual(len(p["points"].split()), len(months), p["data-name"])
        self.assertEqual(len(page.inside("reply-chart", "polyline")), 2)
        # One bar per customer with a current run or a run of at least 2 (mailscope-report(1)).
        runs = [c for c in self.customers if c.get("record") == "customer"
                and (c["current_run"] > 0 or c["longest_run"] >= 2)]
        self.assertGreater(len(runs), 0)
        self.assertEqual(len([a for a in page.inside("runs-chart", "rect")
                              if a.get("class") == "bar"]), len(runs))

    def test_trends_page_tables_match_the_json(self):
        page = Elements(self.read(self.trends_html))
        self.assertEqual(len(page.all("table", id="jumps")), 1)
        self.assertEqual(len(page.all("table", id="trends")), 1)
        series = {(r["kind"], r["name"]) for r in self.trends}
        jumps = [r for r in self.trends if r["jump"]]
        self.assertGreater(len(jumps), 0, "the demo case has jumps (contract in 2025-02)")
        # Rows: a header row and one per jump / per series.
        rows = [t for t, _, _ in page.tags if t in ("table", "tr")]
        sizes, n = [], None
        for t in rows:
            if t == "table":
                if n is not None:
                    sizes.append(n)
                n = 0
            else:
                n += 1
        sizes.append(n)
        self.assertEqual(sizes, [1 + len(jumps), 1 + len(series)])

    def test_timeline_page_has_a_row_per_message(self):
        text = self.read(self.timeline_html)
        page = Elements(text)
        self.assertGreater(len(self.timeline), 5)
        threads = []
        for r in self.timeline:
            if r["thread"] not in threads:
                threads.append(r["thread"])
        self.assertEqual(len(page.all("h2")), len(threads))
        data_rows = [a for a in page.all("tr") if a.get("class") in ("in", "out", "int")]
        self.assertEqual(len(data_rows), len(self.timeline))
        self.assertIn("深圳明达电子有限公司", text)
        flagged = [r for r in self.timeline if r["flags"]]
        self.assertGreater(len(flagged), 0)
        self.assertIn("private-discount", text)

    # --- the pages in a browser --------------------------------------------------------------

    def browser(self, *args):
        exe = chromium()
        if not exe:
            self.skipTest("chromium is not installed (Debian package chromium; "
                          "scripts/install-deps.sh installs it): pages not rendered")
        profile = os.path.join(self.work, "chromium-profile")
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu",
               f"--user-data-dir={profile}", *args]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, HOME=self.work))
        self.assertEqual(r.returncode, 0, f"{' '.join(cmd)}\n{r.stderr[-2000:]}")
        return r.stdout

    def screenshot(self, page, name):
        png = os.path.join(self.work, name)
        if os.path.exists(png):
            os.remove(png)
        self.browser(f"--screenshot={png}", f"--window-size={WIDTH},{HEIGHT}",
                     "file://" + page)
        self.assertTrue(os.path.exists(png), "chromium wrote no screenshot")
        self.assertGreater(os.path.getsize(png), 20000, "screenshot too small to hold a page")
        width, height, rows = png_pixels(png)
        self.assertEqual((width, height), (WIDTH, HEIGHT))
        counts = {}
        for row in rows:
            for px in row:
                counts[px] = counts.get(px, 0) + 1
        background = max(counts.values())
        self.assertGreater(len(counts), 50, "screenshot has almost no colours: blank page?")
        self.assertLess(background, 0.98 * width * height, "screenshot is nearly one colour")
        return counts

    def test_trends_page_renders_its_charts(self):
        dom = self.browser("--dump-dom", "file://" + self.trends_html)
        page = Elements(dom)
        self.assertEqual([a.get("id") for a in page.all("svg")], list(CHARTS))
        self.assertGreater(len(page.inside("flags-chart", "polyline")), 0)
        self.assertEqual(len(page.inside("reply-chart", "polyline")), 2)
        self.assertGreater(len(page.inside("runs-chart", "rect")), 0)
        counts = self.screenshot(self.trends_html, "trends.png")
        # Painted, not just parsed: the bars (each 18 px high, the longest 380 px wide) and the
        # legend squares (10 x 10) are solid areas of the charts' colours.
        self.assertGreater(counts.get(RED, 0), 18 * 380, "no bars of the runs chart on screen")
        self.assertGreater(counts.get(BLUE, 0), 150, "no blue series on screen")

    def test_timeline_page_renders(self):
        dom = self.browser("--dump-dom", "file://" + self.timeline_html)
        page = Elements(dom)
        data_rows = [a for a in page.all("tr") if a.get("class") in ("in", "out", "int")]
        self.assertEqual(len(data_rows), len(self.timeline))
        self.screenshot(self.timeline_html, "timeline.png")


if __name__ == "__main__":
    mstest.main()
