// The PDF layer of the handover dossiers: wrap_text with a fixed-width measure (every code
// point 1 wide, CJK 2), where every expected line below is worked out by hand; and a small
// PdfDocument written to a temporary folder.
#include "mailscope/report/pdf.hpp"

#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

using namespace ms;

namespace {

using Lines = std::vector<std::string>;

// Code points of UTF-8 text (decoded here, not with the library's own helper).
std::vector<char32_t> code_points(const std::string& s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < n && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

// Every code point 1 wide, CJK (U+2E80 and above: ideographs, full-width forms) 2 wide.
double cells(const std::string& s) {
    double w = 0;
    for (char32_t c : code_points(s)) w += c >= 0x2E80 ? 2 : 1;
    return w;
}

Lines wrap(const std::string& text, double width) { return wrap_text(text, width, cells); }

std::string without_spaces(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\n') out += c;
    return out;
}

// What must hold of any wrapping: no line wider than the width (unless it is one character
// wider than a line on its own), no space at either end of a line, no text lost or added.
void check_invariants(const std::string& text, double width, const Lines& lines) {
    std::string joined;
    for (const auto& l : lines) {
        INFO("line: '" << l << "'");
        if (code_points(l).size() > 1) CHECK(cells(l) <= width);
        if (!l.empty()) {
            CHECK(l.front() != ' ');
            CHECK(l.back() != ' ');
        }
        joined += l;
    }
    CHECK(without_spaces(joined) == without_spaces(text));
}

bool exists(const std::string& path) { return std::filesystem::exists(path); }

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("wrap_text: Latin text wraps at spaces") {
    // "the quick" is 9 wide; adding " brown" would make 15.
    std::string t = "the quick brown fox jumps";
    Lines lines = wrap(t, 10);
    CHECK(lines == Lines{"the quick", "brown fox", "jumps"});
    check_invariants(t, 10, lines);
    // A word that fills the line exactly stays on it.
    CHECK(wrap("abcd efgh", 4) == Lines{"abcd", "efgh"});
    CHECK(wrap("abcd efgh", 9) == Lines{"abcd efgh"});
    // Short text is one line, unchanged.
    CHECK(wrap("Nordic Home AB", 80) == Lines{"Nordic Home AB"});
}

TEST_CASE("wrap_text: Chinese text wraps between any two characters") {
    // 13 characters, 2 wide each: five to a line of 10.
    std::string t = "明达电子供应链优化咨询方案";
    Lines lines = wrap(t, 10);
    CHECK(lines == Lines{"明达电子供", "应链优化咨", "询方案"});
    check_invariants(t, 10, lines);
    // An odd width leaves the last cell empty rather than splitting a character.
    CHECK(wrap("客户概况往来记录", 7) == Lines{"客户概", "况往来", "记录"});
    // Full-width punctuation breaks like the characters around it.
    CHECK(wrap("方案（初稿）", 6) == Lines{"方案（", "初稿）"});
}

TEST_CASE("wrap_text: mixed Chinese and Latin text") {
    // 报价 (4) + " " + quote (5) = 10; " for" would make 14 > 12.
    std::string t = "报价 quote for 明达电子 2025";
    Lines lines = wrap(t, 12);
    CHECK(lines == Lines{"报价 quote", "for 明达电子", "2025"});
    check_invariants(t, 12, lines);
    // Without spaces a line may break between a Chinese character and a Latin word.
    CHECK(wrap("ab明达cd", 4) == Lines{"ab明", "达cd"});
    // But a Latin word is never split while it fits on a line of its own.
    CHECK(wrap("明达Electronics", 12) == Lines{"明达", "Electronics"});
}

TEST_CASE("wrap_text: a word longer than a line is cut between characters") {
    CHECK(wrap("supercalifragilistic", 8) == Lines{"supercal", "ifragili", "stic"});
    // The word starts on a line of its own; what follows its last piece joins that piece.
    std::string t = "a supercalifragilistic b";
    Lines lines = wrap(t, 8);
    CHECK(lines == Lines{"a", "supercal", "ifragili", "stic b"});
    check_invariants(t, 8, lines);
    // A SHA-256 in hex (64 characters) on lines of 30.
    std::string sha = "3b47fc98570d48b51446286d981799aefc643475c4c6fbf7d53f6dcf45f7090e";
    CHECK(wrap("sha256 " + sha, 30) ==
          Lines{"sha256", sha.substr(0, 30), sha.substr(30, 30), sha.substr(60)});
    // A character wider than the whole line still gets a line (and nothing loops forever).
    CHECK(wrap("明达", 1) == Lines{"明", "达"});
}

TEST_CASE("wrap_text: newlines keep paragraphs, blank lines included") {
    CHECK(wrap("one two\nthree\n\nfour", 20) == Lines{"one two", "three", "", "four"});
    // Each paragraph wraps on its own.
    CHECK(wrap("aaa bbb\nccc ddd", 3) == Lines{"aaa", "bbb", "ccc", "ddd"});
}

TEST_CASE("wrap_text: no line starts or ends with a space") {
    std::string t = "   leading  spaces   here  ";
    Lines lines = wrap(t, 8);
    CHECK(lines == Lines{"leading", "spaces", "here"});
    check_invariants(t, 8, lines);
    // The space where a line breaks is dropped, not carried to the next line.
    CHECK(wrap("aaaa bbbb", 4) == Lines{"aaaa", "bbbb"});
    CHECK(wrap("aaaa  \t bbbb", 5) == Lines{"aaaa", "bbbb"});
}

TEST_CASE("wrap_text: invariants on many widths of a mixed text") {
    // Single spaces: after a double space the greedy rule below would not hold.
    std::string t = "2025-03-20 proposal #60 蓉锦家居智能家居品类规划方案及报价 "
                    "(text/csv, 302 B) Nordic Home – sourcing consultancy proposal request "
                    "回复：蓉锦家居智能家居品类规划方案及报价";
    for (int width = 2; width <= 90; width += 3) {
        INFO("width " << width);
        Lines lines = wrap(t, width);
        CHECK(!lines.empty());
        check_invariants(t, width, lines);
        // Greedy: the first word of each line did not fit on the line before.
        for (std::size_t k = 1; k < lines.size(); ++k) {
            auto cps = code_points(lines[k]);
            if (cps.empty() || cps[0] >= 0x2E80) continue;
            std::string first = lines[k].substr(0, lines[k].find(' '));
            std::size_t end = 0;
            while (end < first.size() && static_cast<unsigned char>(first[end]) < 0x80) ++end;
            first.resize(end);
            if (first.empty() || cells(first) > width) continue;
            CHECK(cells(lines[k - 1]) + 1 + cells(first) > width);
        }
    }
}

TEST_CASE("report_pdf: PdfDocument, a small document with contents, chapters and page breaks") {
    if (!exists(k_default_cjk_font)) {
        MESSAGE("skipped: " << k_default_cjk_font << " is not installed (fonts-wqy-zenhei)");
        return;
    }
    TempDir tmp;
    auto made = PdfDocument::create(k_default_cjk_font);
    REQUIRE_MESSAGE(made, (made ? std::string() : made.error().message));
    PdfDocument& pdf = **made;
    pdf.set_info("Handover / 工作交接: 测试", "zhao.min@haina-trade.com");
    pdf.set_header("mailscope handover · 陈静 (Chen Jing) <chen.jing@haina-trade.com> · masked view "
                   "(manager): personal data is masked, and a header this long has to wrap");
    pdf.contents_page("Customers / 客户 (2)");
    pdf.chapter("Nordic Home AB");
    pdf.heading("Profile / 客户概况");
    pdf.paragraph("Organisation: Nordic Home AB");
    CHECK(pdf.pages() == 1);
    // 150 lines of 9.5 pt (13.3 pt apart) cannot fit on one A4 page.
    std::string many;
    for (int k = 0; k < 150; ++k) many += "第" + std::to_string(k) + "行 line " + std::to_string(k) + "\n";
    pdf.paragraph(many);
    int first_chapter = pdf.pages();
    CHECK(first_chapter >= 3);
    pdf.chapter("深圳明达电子有限公司 / Shenzhen Mingda Electronics Co., Ltd.");
    pdf.heading("Timeline / 往来记录");
    pdf.paragraph("2025-02-26  first-contact  #50  明达电子供应链优化咨询需求");
    CHECK(pdf.pages() == first_chapter + 1);  // a chapter starts a page
    pdf.finish_contents();
    CHECK(pdf.pages() == first_chapter + 2);  // and the contents page comes first
    std::string out = tmp.path + "/small.pdf";
    auto saved = pdf.save(out);
    REQUIRE_MESSAGE(saved, (saved ? std::string() : saved.error().message));

    std::string bytes = slurp(out);
    REQUIRE(bytes.size() > 1000);
    CHECK(bytes.rfind("%PDF-", 0) == 0);
    CHECK(bytes.find("%%EOF") != std::string::npos);
    // The page objects of the file (dictionaries are not compressed): one per page.
    std::regex page_object(R"(/Type\s*/Page[^s])");
    auto n = std::distance(std::sregex_iterator(bytes.begin(), bytes.end(), page_object),
                           std::sregex_iterator());
    CHECK(n == pdf.pages());
    // The font is embedded (a CID TrueType font with its font file).
    CHECK(bytes.find("/FontFile2") != std::string::npos);
}

TEST_CASE("report_pdf: PdfDocument, a document without a contents page") {
    if (!exists(k_default_cjk_font)) {
        MESSAGE("skipped: " << k_default_cjk_font << " is not installed (fonts-wqy-zenhei)");
        return;
    }
    TempDir tmp;
    auto made = PdfDocument::create(k_default_cjk_font);
    REQUIRE_MESSAGE(made, (made ? std::string() : made.error().message));
    PdfDocument& pdf = **made;
    pdf.chapter("Nordic Home AB");
    pdf.paragraph("one short paragraph");
    pdf.finish_contents();
    CHECK(pdf.pages() == 1);
    std::string out = tmp.path + "/one.pdf";
    REQUIRE(pdf.save(out));
    CHECK(slurp(out).rfind("%PDF-", 0) == 0);
    // Saving into a folder that does not exist fails, naming the file.
    auto bad = pdf.save(tmp.path + "/no/such/folder/x.pdf");
    REQUIRE(!bad);
    CHECK(bad.error().message.find(tmp.path + "/no/such/folder/x.pdf") != std::string::npos);
}

TEST_CASE("report_pdf: PdfDocument::create fails naming a font file that is missing or not a font") {
    TempDir tmp;
    std::string missing = tmp.path + "/no-such-font.ttc";
    auto r = PdfDocument::create(missing);
    REQUIRE(!r);
    CHECK(r.error().message.find(missing) != std::string::npos);
    CHECK(r.error().code == Errc::bad_input);

    std::string text = tmp.file("notes.ttc", "this is a text file, not a TrueType collection\n");
    auto t = PdfDocument::create(text);
    REQUIRE(!t);
    CHECK(t.error().message.find(text) != std::string::npos);
}
