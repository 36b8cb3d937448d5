#include "mailscope/report/pdf.hpp"

#include "mailscope/util/strings.hpp"

#include <hpdf.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <functional>

namespace ms {

namespace {

constexpr double k_width = 595.28, k_height = 841.89;  // A4 in points
constexpr double k_margin = 56, k_top = k_height - 72, k_bottom = 64;

bool breaks_anywhere(char32_t c) { return c >= 0x2E80; }  // CJK, kana, Hangul, full-width

struct Token {
    std::string text;
    bool space = false;
    bool glue = false;  // a CJK character: a line may end after it
};

std::vector<Token> tokenize(const std::string& s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t start = i;
        char32_t c = next_code_point(s, i);
        std::string ch = s.substr(start, i - start);
        if (c == ' ' || c == '\t') {
            out.push_back({" ", true, false});
        } else if (breaks_anywhere(c)) {
            out.push_back({ch, false, true});
        } else if (!out.empty() && !out.back().space && !out.back().glue) {
            out.back().text += ch;
        } else {
            out.push_back({ch, false, false});
        }
    }
    return out;
}

} // namespace

std::vector<std::string> wrap_text(const std::string& text, double width,
                                   const std::function<double(const std::string&)>& measure) {
    std::vector<std::string> lines;
    for (const auto& para : split(text, '\n')) {
        std::string line;
        double w = 0;
        auto flush = [&] {
            while (!line.empty() && line.back() == ' ') line.pop_back();
            lines.push_back(line);
            line.clear();
            w = 0;
        };
        for (const Token& t : tokenize(para)) {
            double tw = measure(t.text);
            if (t.space) {
                if (line.empty()) continue;  // no space at the start of a line
                if (w + tw > width) { flush(); continue; }
                line += t.text;
                w += tw;
                continue;
            }
            if (w + tw <= width) {
                line += t.text;
                w += tw;
                continue;
            }
            if (!line.empty()) flush();
            if (tw <= width) {
                line = t.text;
                w = tw;
                continue;
            }
            // A word wider than a line: cut it between characters.
            std::size_t i = 0;
            while (i < t.text.size()) {
                std::size_t start = i;
                next_code_point(t.text, i);
                std::string ch = t.text.substr(start, i - start);
                double cw = measure(ch);
                if (w + cw > width && !line.empty()) flush();
                line += ch;
                w += cw;
            }
        }
        flush();
    }
    return lines;
}

struct PdfDocument::Impl {
    HPDF_Doc pdf = nullptr;
    HPDF_Font font = nullptr;
    HPDF_Encoder encoder = nullptr;
    HPDF_STATUS error = 0, detail = 0;
    struct PageInfo {
        HPDF_Page page;
        std::string header;
    };
    std::vector<PageInfo> pages;  // in order, contents pages included once inserted
    HPDF_Page page = nullptr;
    double y = 0;
    std::string header;
    HPDF_Outline chapter_outline = nullptr;
    struct Entry {
        std::string title;
        HPDF_Page page;
    };
    std::vector<Entry> entries;
    std::string contents_title;
    bool want_contents = false;

    static void on_error(HPDF_STATUS e, HPDF_STATUS d, void* self) {
        auto* i = static_cast<Impl*>(self);
        if (!i->error) {
            i->error = e;
            i->detail = d;
        }
    }

    void new_page() {
        page = HPDF_AddPage(pdf);
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        HPDF_Page_SetFontAndSize(page, font, 10);
        pages.push_back({page, header});
        y = k_top;
    }

    void need(double h) {
        if (!page || y - h < k_bottom) new_page();
    }

    double text_width(const std::string& s, double size) {
        HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(size));
        return HPDF_Page_TextWidth(page, s.c_str());
    }

    void line(const std::string& s, double x, double size) {
        HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(size));
        HPDF_Page_BeginText(page);
        HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y), s.c_str());
        HPDF_Page_EndText(page);
    }

    HPDF_Outline outline(HPDF_Outline parent, const std::string& title, HPDF_Page at) {
        HPDF_Outline o = HPDF_CreateOutline(pdf, parent, title.c_str(), encoder);
        HPDF_Destination dst = HPDF_Page_CreateDestination(at);
        HPDF_Outline_SetDestination(o, dst);
        HPDF_Outline_SetOpened(o, HPDF_FALSE);
        return o;
    }
};

PdfDocument::PdfDocument() : m(std::make_unique<Impl>()) {}

PdfDocument::~PdfDocument() {
    if (m->pdf) HPDF_Free(m->pdf);
}

Result<std::unique_ptr<PdfDocument>> PdfDocument::create(const std::string& font_file, int font_index) {
    std::unique_ptr<PdfDocument> d(new PdfDocument());
    Impl& i = *d->m;
    i.pdf = HPDF_New(&Impl::on_error, &i);
    if (!i.pdf) return fail(Errc::io, "cannot create a PDF document (out of memory)");
    HPDF_SetCompressionMode(i.pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(i.pdf);
    HPDF_SetCurrentEncoder(i.pdf, "UTF-8");
    // A collection (.ttc) needs the indexed loader, a single font (.ttf) the plain one.
    bool collection = font_file.size() > 4 && ascii_lower(font_file.substr(font_file.size() - 4)) == ".ttc";
    const char* name = collection ? HPDF_LoadTTFontFromFile2(i.pdf, font_file.c_str(),
                                                             static_cast<HPDF_UINT>(font_index), HPDF_TRUE)
                                  : HPDF_LoadTTFontFromFile(i.pdf, font_file.c_str(), HPDF_TRUE);
    if (!name || i.error) {
        char code[32];
        std::snprintf(code, sizeof code, "0x%04X", static_cast<unsigned>(i.error));
        return fail(Errc::bad_input,
                    font_file + ": cannot use this font for PDF output (libharu error " + code + ")",
                    "install fonts-wqy-zenhei, or give a TrueType (not CFF/OpenType) font with --font");
    }
    i.font = HPDF_GetFont(i.pdf, name, "UTF-8");
    i.encoder = HPDF_GetEncoder(i.pdf, "UTF-8");
    HPDF_SetPageMode(i.pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    return d;
}

void PdfDocument::set_info(const std::string& title, const std::string& author) {
    HPDF_SetInfoAttr(m->pdf, HPDF_INFO_TITLE, title.c_str());
    HPDF_SetInfoAttr(m->pdf, HPDF_INFO_AUTHOR, author.c_str());
    HPDF_SetInfoAttr(m->pdf, HPDF_INFO_CREATOR, "mailscope " MAILSCOPE_VERSION);
}

void PdfDocument::set_header(const std::string& text) { m->header = text; }

void PdfDocument::contents_page(const std::string& title) {
    m->want_contents = true;
    m->contents_title = title;
}

void PdfDocument::chapter(const std::string& title) {
    m->new_page();
    m->entries.push_back({title, m->page});
    m->chapter_outline = m->outline(nullptr, title, m->page);
    m->y -= 4;
    for (const auto& l : wrap_text(title, k_width - 2 * k_margin,
                                   [&](const std::string& s) { return m->text_width(s, 16); })) {
        m->line(l, k_margin, 16);
        m->y -= 22;
    }
    m->y -= 6;
}

void PdfDocument::heading(const std::string& title) {
    m->need(40);
    m->y -= 8;
    m->line(title, k_margin, 12.5);
    if (m->chapter_outline) m->outline(m->chapter_outline, title, m->page);
    HPDF_Page_SetLineWidth(m->page, 0.5);
    HPDF_Page_MoveTo(m->page, static_cast<HPDF_REAL>(k_margin), static_cast<HPDF_REAL>(m->y - 4));
    HPDF_Page_LineTo(m->page, static_cast<HPDF_REAL>(k_width - k_margin), static_cast<HPDF_REAL>(m->y - 4));
    HPDF_Page_Stroke(m->page);
    m->y -= 20;
}

void PdfDocument::paragraph(const std::string& text, double size, double indent) {
    m->need(size * 1.4);
    double width = k_width - 2 * k_margin - indent;
    auto lines = wrap_text(sanitize_utf8(text), width,
                           [&](const std::string& s) { return m->text_width(s, size); });
    for (const auto& l : lines) {
        m->need(size * 1.4);
        m->line(l, k_margin + indent, size);
        m->y -= size * 1.4;
    }
}

void PdfDocument::space(double points) { m->y -= points; }

void PdfDocument::finish_contents() {
    Impl& i = *m;
    if (i.want_contents && !i.entries.empty()) {
        // The contents go before the first chapter, on as many pages as they need.
        const double size = 10.5, step = 17;
        std::size_t per_page = static_cast<std::size_t>((k_top - 40 - k_bottom) / step);
        std::size_t n = (i.entries.size() + per_page - 1) / per_page;
        HPDF_Page first = i.entries.front().page;
        std::vector<HPDF_Page> cpages;
        for (std::size_t k = 0; k < n; ++k) {
            HPDF_Page p = HPDF_InsertPage(i.pdf, first);
            HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
            cpages.push_back(p);
        }
        // Final order: pages before the first chapter, the contents, then the rest.
        std::vector<Impl::PageInfo> ordered;
        for (const auto& pi : i.pages) {
            if (pi.page == first)
                for (HPDF_Page p : cpages) ordered.push_back({p, pi.header});
            ordered.push_back(pi);
        }
        i.pages = ordered;
        auto number_of = [&](HPDF_Page p) {
            for (std::size_t k = 0; k < i.pages.size(); ++k)
                if (i.pages[k].page == p) return k + 1;
            return std::size_t{0};
        };
        for (std::size_t k = 0; k < i.entries.size(); ++k) {
            HPDF_Page p = cpages[k / per_page];
            i.page = p;
            if (k % per_page == 0) {
                i.y = k_top;
                i.line(i.contents_title, k_margin, 16);
            }
            double y = k_top - 40 - static_cast<double>(k % per_page) * step;
            i.y = y;
            std::string num = std::to_string(number_of(i.entries[k].page));
            std::string title = i.entries[k].title;
            double avail = k_width - 2 * k_margin - 40;
            if (i.text_width(title, size) > avail) {
                while (!title.empty() && i.text_width(title + "…", size) > avail) {
                    std::size_t cut = title.size() - 1;
                    while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;
                    title.resize(cut);
                }
                title += "…";
            }
            i.line(title, k_margin, size);
            i.line(num, k_width - k_margin - i.text_width(num, size), size);
            HPDF_Rect r{static_cast<HPDF_REAL>(k_margin), static_cast<HPDF_REAL>(y - 4),
                        static_cast<HPDF_REAL>(k_width - k_margin), static_cast<HPDF_REAL>(y + size)};
            HPDF_Destination dst = HPDF_Page_CreateDestination(i.entries[k].page);
            HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(p, r, dst);
            HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
        }
    }
    // Headers and page numbers, now that the order is final.
    std::size_t total = i.pages.size();
    for (std::size_t k = 0; k < total; ++k) {
        i.page = i.pages[k].page;
        // Wrapped, not cut: the masking marker at its end must stay on the page.
        double hy = k_height - 40;
        if (!i.pages[k].header.empty())
            for (const auto& l : wrap_text(i.pages[k].header, k_width - 2 * k_margin,
                                           [&](const std::string& s) { return i.text_width(s, 8); })) {
                i.y = hy;
                i.line(l, k_margin, 8);
                hy -= 9.5;
            }
        std::string num = std::to_string(k + 1) + " / " + std::to_string(total);
        i.y = 36;
        i.line(num, k_width - k_margin - i.text_width(num, 8), 8);
    }
    i.want_contents = false;
}

Result<void> PdfDocument::attach_files(const std::string& dir, const std::vector<std::string>& names) {
    // libharu 2.3.0 names an embedded file by the path it was given, and its name tree comes
    // out broken (poppler: "Invalid FileSpec", nothing extracted) when a name is inserted
    // anywhere but at the end; it appends only names greater than the last by its own order,
    // shorter first, then bytes. So: bare names in that order, opened relative to `dir`.
    std::vector<std::string> sorted(names);
    std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    int here = ::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (here < 0 || ::chdir(dir.c_str()) != 0) {
        if (here >= 0) ::close(here);
        return fail(Errc::io, dir + ": cannot open the folder of the files to embed: " + std::strerror(errno));
    }
    std::string bad;
    for (const auto& n : sorted)
        if (!HPDF_AttachFile(m->pdf, n.c_str()) && bad.empty()) bad = n;
    int rc = ::fchdir(here);
    ::close(here);
    if (!bad.empty()) {
        HPDF_ResetError(m->pdf);  // libharu errors stick; the document itself is still sound
        m->error = 0;
        return fail(Errc::io, dir + "/" + bad + ": cannot embed this file in the PDF");
    }
    if (rc != 0) return fail(Errc::io, std::string("cannot return to the working folder: ") + std::strerror(errno));
    return ok();
}

int PdfDocument::pages() const { return static_cast<int>(m->pages.size()); }

Result<void> PdfDocument::save(const std::string& path) {
    if (m->error) {
        char code[48];
        std::snprintf(code, sizeof code, "0x%04X (detail %u)", static_cast<unsigned>(m->error),
                      static_cast<unsigned>(m->detail));
        return fail(Errc::io, path + ": the PDF could not be laid out: libharu error " + code);
    }
    // Written beside the target and renamed: a reader never sees half a dossier.
    std::string tmp = path + ".tmp";
    // libharu opens by name: a link planted at the temp name is removed, not written through.
    ::unlink(tmp.c_str());
    if (HPDF_SaveToFile(m->pdf, tmp.c_str()) != HPDF_OK) {
        ::unlink(tmp.c_str());
        return fail(Errc::io, path + ": cannot write the PDF", "check that the folder exists and is writable");
    }
    ::chmod(tmp.c_str(), 0600);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return fail(Errc::io, path + ": cannot write the PDF: " + std::strerror(errno));
    }
    return ok();
}

} // namespace ms
