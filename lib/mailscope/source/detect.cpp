// Format detection by content: a PST named .eml or an mbox named .pst is read as what it is.
#include "mailscope/mime/headers.hpp"
#include "mailscope/source/mbox_split.hpp"
#include "mailscope/source/source.hpp"
#include "mailscope/util/fs.hpp"

#include <filesystem>

namespace ms {

const char* format_name(Format f) {
    switch (f) {
    case Format::automatic: return "auto";
    case Format::mbox: return "mbox";
    case Format::maildir: return "maildir";
    case Format::tree: return "tree";
    case Format::eml: return "eml";
    case Format::pst: return "pst";
    }
    return "?";
}

bool parse_format(std::string_view s, Format& out) {
    if (s == "auto") out = Format::automatic;
    else if (s == "mbox") out = Format::mbox;
    else if (s == "maildir") out = Format::maildir;
    else if (s == "tree" || s == "dir") out = Format::tree;
    else if (s == "eml") out = Format::eml;
    else if (s == "pst" || s == "ost") out = Format::pst;
    else return false;
    return true;
}

std::string flags_to_string(std::uint32_t flags) {
    static const std::pair<std::uint32_t, const char*> k_names[] = {
        {k_flag_seen, "seen"},       {k_flag_replied, "replied"}, {k_flag_starred, "starred"},
        {k_flag_draft, "draft"},     {k_flag_trashed, "trashed"}, {k_flag_forwarded, "forwarded"}};
    std::string s;
    for (auto [bit, name] : k_names) {
        if (!(flags & bit)) continue;
        if (!s.empty()) s += ',';
        s += name;
    }
    return s;
}

FileKind sniff(std::string_view head) {
    if (head.empty()) return FileKind::empty;
    if (head.substr(0, 4) == "!BDN") return FileKind::pst;
    if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return FileKind::zip;
    // Tolerate a UTF-8 BOM or leading blank lines some exporters write.
    std::size_t i = 0;
    if (head.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < head.size() && (head[i] == '\n' || head[i] == '\r')) ++i;
    std::string_view h = head.substr(i);
    if (h.substr(0, 5) == "From ") {
        std::size_t nl = h.find('\n');
        std::string_view line = h.substr(0, nl);
        // "From " followed by headers: an mbox (possibly of one message).
        if (is_envelope_line(line, true) && looks_like_message(h.substr(nl + 1)))
            return FileKind::mbox;
        if (looks_like_message(h)) return FileKind::message;
        return FileKind::unknown;
    }
    if (looks_like_message(h)) return FileKind::message;
    return FileKind::unknown;
}

Result<Format> detect_format(const std::string& path) {
    std::error_code ec;
    auto st = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(st))
        return fail(Errc::not_found, "no such file or directory");
    if (std::filesystem::is_directory(st)) {
        bool maildir = std::filesystem::is_directory(path + "/cur", ec) ||
                       std::filesystem::is_directory(path + "/new", ec);
        return maildir ? Format::maildir : Format::tree;
    }
    MS_TRY_ASSIGN(head, read_head(path, 16384));
    switch (sniff(head)) {
    case FileKind::pst: return Format::pst;
    case FileKind::mbox: return Format::mbox;
    case FileKind::message: return Format::eml;
    case FileKind::empty: return fail(Errc::bad_input, "file is empty");
    case FileKind::zip:
        return fail(Errc::unsupported, "a zip archive, not a mailbox",
                    "Outlook for Mac .olm archives are not supported; unzip other archives first");
    case FileKind::unknown: break;
    }
    return fail(Errc::bad_input, "not a recognised mail format",
                "mailscope reads mbox, maildir, .eml files, directories of messages and PST/OST; "
                "use --format to force one");
}

Result<std::unique_ptr<MessageSource>> open_source(const std::string& path,
                                                   const SourceOptions& opts) {
    Format f = opts.format;
    if (f == Format::automatic) {
        MS_TRY_ASSIGN(detected, detect_format(path));
        f = detected;
    }
    std::error_code ec;
    bool is_dir = std::filesystem::is_directory(path, ec);
    if ((f == Format::maildir || f == Format::tree) && !is_dir)
        return fail(Errc::usage, std::string("--format ") + format_name(f) + " needs a directory");
    if ((f == Format::mbox || f == Format::eml || f == Format::pst) && is_dir)
        return fail(Errc::usage, std::string("--format ") + format_name(f) + " needs a file");
    switch (f) {
    case Format::mbox: return make_mbox_source(path);
    case Format::eml: return make_eml_source(path);
    case Format::pst: return make_pst_source(path, opts);
    case Format::maildir:
    case Format::tree: return make_tree_source(path, opts);
    case Format::automatic: break;
    }
    return fail(Errc::internal, "no source for format");
}

} // namespace ms
