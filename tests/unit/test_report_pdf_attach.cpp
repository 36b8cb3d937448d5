// Embedded files: every name of the PDF's EmbeddedFiles tree must be followed by its file
// specification, whatever order and lengths the names come in (libharu 2.3.0 breaks the tree
// when a name is inserted before the last one).
#include "mailscope/report/pdf.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <sys/stat.h>

using namespace ms;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("report: attach_files keeps the embedded-files name tree whole") {
    struct stat st {};
    if (::stat(k_default_cjk_font, &st) != 0) {
        MESSAGE("fonts-wqy-zenhei is not installed: skipped");
        return;
    }
    TempDir t;
    // Longest first and not in byte order: the order that broke the tree.
    std::vector<std::string> names = {"HaiNa_NordicHome_Proposal_2025.pdf", "Mingda_SCM_Proposal_v0.9.pdf",
                                      "doc-60-8021198e.csv", "a.txt"};
    for (const auto& n : names) t.file("files/" + n, "content of " + n + "\n");
    auto pdf = PdfDocument::create(k_default_cjk_font);
    REQUIRE(pdf);
    (*pdf)->chapter("附件 Attachments");
    REQUIRE((*pdf)->attach_files(t.path + "/files", names));
    (*pdf)->finish_contents();
    REQUIRE((*pdf)->save(t.path + "/out.pdf"));
    std::string bytes = slurp(t.path + "/out.pdf");
    std::smatch m;
    REQUIRE(std::regex_search(bytes, m, std::regex(R"(/Names \[ ([^\]]*)\])")));
    std::string tree = m[1];
    for (const auto& n : names) {
        std::string escaped = std::regex_replace(n, std::regex(R"([.])"), R"(\.)");
        CHECK_MESSAGE(std::regex_search(tree, std::regex("\\(" + escaped + "\\) [0-9]+ 0 R")), n);
    }
    // The file specifications name the files without the folder they were read from.
    CHECK(bytes.find(t.path) == std::string::npos);
}

TEST_CASE("report: attach_files names a file it cannot read") {
    struct stat st {};
    if (::stat(k_default_cjk_font, &st) != 0) return;
    TempDir t;
    auto pdf = PdfDocument::create(k_default_cjk_font);
    REQUIRE(pdf);
    (*pdf)->chapter("x");
    auto r = (*pdf)->attach_files(t.path, {"missing.pdf"});
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("missing.pdf") != std::string::npos);
    // The document is still usable afterwards.
    CHECK((*pdf)->save(t.path + "/out.pdf"));
}
