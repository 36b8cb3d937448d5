// A small layout layer over libharu for the handover dossiers: A4 pages with a header and
// page numbers, headings with bookmarks, wrapped paragraphs of Chinese and English text (CJK
// breaks between any characters, Latin at spaces), a table of contents filled in at the end.
// libharu cannot wrap CJK or load CFF fonts (LIBNOTES.md section 5): the font must be a
// TrueType collection such as fonts-wqy-zenhei's.
#pragma once

#include "mailscope/util/error.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ms {

inline constexpr const char* k_default_cjk_font = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

class PdfDocument {
public:
    // Loads the font (index inside a .ttc); fails naming the file when libharu cannot.
    static Result<std::unique_ptr<PdfDocument>> create(const std::string& font_file,
                                                       int font_index = 0);
    ~PdfDocument();
    PdfDocument(const PdfDocument&) = delete;
    PdfDocument& operator=(const PdfDocument&) = delete;

    void set_info(const std::string& title, const std::string& author);
    // The running header of the pages that follow.
    void set_header(const std::string& text);
    // Reserves a page for the table of contents (filled by finish_contents).
    void contents_page(const std::string& title);
    // A new page starting a chapter: a top-level bookmark and a contents entry.
    void chapter(const std::string& title);
    // A heading inside a chapter, bookmarked under it.
    void heading(const std::string& title);
    // Wrapped text; `size` in points, `indent` in points from the left margin.
    void paragraph(const std::string& text, double size = 9.5, double indent = 0);
    void space(double points);
    // Embeds the files `names` of folder `dir`, under those names; call once per document.
    Result<void> attach_files(const std::string& dir, const std::vector<std::string>& names);
    // Writes the contents entries with their page numbers and links.
    void finish_contents();
    Result<void> save(const std::string& path);
    int pages() const;

private:
    PdfDocument();
    struct Impl;
    std::unique_ptr<Impl> m;
};

// Splits UTF-8 `text` into lines no wider than `width` by `measure` (which returns the width
// of a UTF-8 string): at spaces between Latin words, anywhere between CJK characters, and
// inside a word only when it is wider than a line. Exposed for tests.
std::vector<std::string> wrap_text(const std::string& text, double width,
                                   const std::function<double(const std::string&)>& measure);

} // namespace ms
