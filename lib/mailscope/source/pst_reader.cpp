// The child side of PST reading: walks a PST/OST with libpst and writes each mail item as an
// RFC 822 message (the same selection readpst makes: notes, meeting requests and reports).
// Output is deterministic (fixed boundaries), so re-reading a file yields identical bytes.
#include "mailscope/mime/charset.hpp"
#include "mailscope/mime/headers.hpp"
#include "mailscope/source/pst_wire.hpp"
#include "mailscope/source/source.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <glib.h>
#include <gmime/gmime.h>
#include <unistd.h>

#include <libpst/libpst.h>
#include <libpst/timeconv.h>
extern "C" {
#include <libpst/lzfu.h> // not guarded for C++ (LIBNOTES §3)
}

namespace ms::pst_wire {

namespace {

int g_fd = -1;

void write_all(const std::string& s) {
    std::size_t off = 0;
    while (off < s.size()) {
        ssize_t n = ::write(g_fd, s.data() + off, s.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) _exit(5); // the importer went away
        off += static_cast<std::size_t>(n);
    }
}

void frame(char kind, const std::string& payload) {
    std::string f(1, kind);
    put_u32(f, static_cast<std::uint32_t>(payload.size()));
    f += payload;
    write_all(f);
}

// A libpst string as UTF-8, whatever codepage the item was written in.
std::string text(pst_item* item, pst_string& s) {
    if (!s.str) return {};
    if (!s.is_utf8) pst_convert_utf8(item, &s);
    if (s.is_utf8) return sanitize_utf8(s.str);
    return decode_to_utf8(s.str, "").text;
}

std::string base64_lines(std::string_view data) {
    gchar* enc = g_base64_encode(reinterpret_cast<const guchar*>(data.data()), data.size());
    std::string out;
    std::string_view e(enc);
    for (std::size_t i = 0; i < e.size(); i += 76) {
        out.append(e.substr(i, 76));
        out.push_back('\n');
    }
    g_free(enc);
    return out;
}

std::string encode_header(const std::string& value) {
    bool ascii = true;
    for (unsigned char c : value)
        if (c >= 0x80 || c < 0x20) ascii = false;
    if (ascii) return value;
    char* enc = g_mime_utils_header_encode_text(nullptr, value.c_str(), "utf-8");
    std::string out = enc ? enc : value;
    g_free(enc);
    return out;
}

// RFC 2231 filename parameter, percent-encoded UTF-8.
std::string filename_param(const std::string& name) {
    std::string out = "filename*=UTF-8''";
    static const char* k_hex = "0123456789ABCDEF";
    for (unsigned char c : name) {
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(k_hex[c >> 4]);
            out.push_back(k_hex[c & 15]);
        }
    }
    return out;
}

std::string address_header(const std::string& name, const std::string& addr) {
    std::string n = trim(name).empty() ? std::string() : encode_header(std::string(trim(name)));
    if (addr.empty()) return n;
    if (n.empty()) return "<" + addr + ">";
    // Quote a plain display name that carries specials (commas in "Last, First").
    if (n.find_first_of(",;:<>@\"") != std::string::npos && n.rfind("=?", 0) != 0) {
        std::string q = "\"";
        for (char c : n) {
            if (c == '"' || c == '\\') q.push_back('\\');
            q.push_back(c);
        }
        n = q + "\"";
    }
    return n + " <" + addr + ">";
}

// Transport headers minus the MIME framing we replace with our own.
std::string kept_transport_headers(const std::string& raw) {
    std::string norm;
    norm.reserve(raw.size());
    for (char c : raw)
        if (c != '\r') norm.push_back(c);
    std::string out;
    bool keep = false;
    std::size_t pos = 0;
    while (pos < norm.size()) {
        std::size_t nl = norm.find('\n', pos);
        std::string line = norm.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? norm.size() : nl + 1;
        if (line.empty()) break;
        if (line[0] == ' ' || line[0] == '\t') {
            if (keep) out += line + "\n";
            continue;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string::npos || line.find(' ') < colon) {
            keep = false; // "Microsoft Mail Internet Headers Version 2.0"
            continue;
        }
        std::string name = ascii_lower(line.substr(0, colon));
        keep = !(name.rfind("content-", 0) == 0 || name == "mime-version");
        if (keep) out += line + "\n";
    }
    return out;
}

struct Part {
    std::string headers;  // without trailing blank line
    std::string body;
};

std::string join_multipart(const std::string& subtype, const std::vector<Part>& parts,
                           const std::string& boundary) {
    std::string out = "Content-Type: multipart/" + subtype + "; boundary=\"" + boundary + "\"\n\n";
    for (const auto& p : parts) out += "--" + boundary + "\n" + p.headers + "\n\n" + p.body + "\n";
    out += "--" + boundary + "--\n";
    return out;
}

std::string build_message(pst_file* pf, pst_item* item, const std::string& seed, int depth);

Part text_part(const std::string& subtype, const std::string& body) {
    return {"Content-Type: text/" + subtype + "; charset=utf-8\nContent-Transfer-Encoding: base64",
            base64_lines(body)};
}

std::vector<Part> attachment_parts(pst_file* pf, pst_item* item, const std::string& seed,
                                   int depth) {
    std::vector<Part> parts;
    int n = 0;
    for (pst_item_attach* a = item->attach; a; a = a->next, ++n) {
        std::string name = text(item, a->filename2);
        if (name.empty()) name = text(item, a->filename1);
        std::string mime = text(item, a->mimetype);
        if (a->method == PST_ATTACH_EMBEDDED && depth < 8) {
            pst_desc_tree d{};
            d.desc = pst_getID(pf, a->i_id);
            if (!d.desc) continue; // a damaged reference: reading it would crash libpst
            pst_item* em = pst_parse_item(pf, &d, a->id2_head);
            if (!em) continue;
            std::string inner = build_message(pf, em, seed + "." + std::to_string(n), depth + 1);
            pst_freeItem(em);
            std::string h = "Content-Type: message/rfc822";
            if (!name.empty()) h += "\nContent-Disposition: attachment; " + filename_param(name);
            parts.push_back({h, inner});
            continue;
        }
        pst_binary b = pst_attach_to_mem(pf, a);
        if (!b.data && a->data.data) {
            b.size = a->data.size;
            b.data = static_cast<char*>(malloc(b.size));
            if (b.data) memcpy(b.data, a->data.data, b.size);
        }
        std::string bytes = b.data ? std::string(b.data, b.size) : std::string();
        free(b.data);
        if (mime.empty() || mime.find('/') == std::string::npos) mime = "application/octet-stream";
        std::string h = "Content-Type: " + mime + "\nContent-Transfer-Encoding: base64\n" +
                        "Content-Disposition: attachment";
        if (!name.empty()) h += "; " + filename_param(name);
        parts.push_back({h, base64_lines(bytes)});
    }
    return parts;
}

std::string build_message(pst_file* pf, pst_item* item, const std::string& seed, int depth) {
    pst_item_email* e = item->email;
    std::string out;
    std::string transport = e ? text(item, e->header) : std::string();
    std::string kept = transport.empty() ? std::string() : kept_transport_headers(transport);
    // The block points into its text, which must outlive it (found by the sanitizer suite).
    const std::string head = kept + "\n";
    HeaderBlock hb = scan_headers(head);
    auto missing = [&](const char* n) { return hb.find(n) == nullptr; };
    out = kept;
    if (e) {
        FILETIME* ft = e->sent_date ? e->sent_date : e->arrival_date;
        if (missing("Date") && ft) out += "Date: " + rfc5322_date(pst_fileTimeToUnixTime(ft)) + "\n";
        if (missing("From")) {
            std::string name = text(item, e->outlook_sender_name);
            std::string addr = text(item, e->sender_address);
            if (addr.find('@') == std::string::npos) {
                std::string a2 = text(item, e->sender2_address);
                if (a2.find('@') != std::string::npos || addr.empty()) addr = a2;
            }
            if (!name.empty() || !addr.empty()) out += "From: " + address_header(name, addr) + "\n";
        }
        if (missing("To")) {
            std::string to = text(item, e->sentto_address);
            if (!to.empty()) out += "To: " + encode_header(to) + "\n";
        }
        if (missing("Cc")) {
            std::string cc = text(item, e->cc_address);
            if (!cc.empty()) out += "Cc: " + encode_header(cc) + "\n";
        }
        if (missing("Message-ID")) {
            std::string id = text(item, e->messageid);
            if (!id.empty()) out += "Message-ID: " + id + "\n";
        }
        if (missing("In-Reply-To")) {
            std::string irt = text(item, e->in_reply_to);
            if (!irt.empty()) out += "In-Reply-To: " + irt + "\n";
        }
    }
    if (missing("Subject")) {
        std::string subject = text(item, item->subject);
        if (!subject.empty()) out += "Subject: " + encode_header(subject) + "\n";
    }
    out += "MIME-Version: 1.0\n";

    std::string plain = text(item, item->body);
    std::string html = e ? text(item, e->htmlbody) : std::string();
    if (e && plain.empty() && html.empty() && item->type == PST_TYPE_REPORT)
        plain = text(item, e->report_text);
    std::string boundary = "=_mailscope_" + seed + "_";
    Part main;
    if (!plain.empty() && !html.empty()) {
        std::string alt = join_multipart("alternative", {text_part("plain", plain),
                                                         text_part("html", html)},
                                         boundary + "alt");
        std::size_t sep = alt.find("\n\n");
        main = {alt.substr(0, sep), alt.substr(sep + 2)};
    } else {
        main = html.empty() ? text_part("plain", plain) : text_part("html", html);
    }
    std::vector<Part> parts{main};
    if (e && plain.empty() && html.empty() && e->rtf_compressed.data && e->rtf_compressed.size) {
        // Only an RTF body: keep it, decompressed, as readpst does.
        size_t n = 0;
        char* rtf = pst_lzfu_decompress(e->rtf_compressed.data,
                                        static_cast<uint32_t>(e->rtf_compressed.size), &n);
        if (rtf) {
            parts.push_back({"Content-Type: application/rtf\nContent-Transfer-Encoding: base64\n"
                             "Content-Disposition: attachment; filename=\"rtf-body.rtf\"",
                             base64_lines(std::string_view(rtf, n))});
            free(rtf);
        }
    }
    for (auto& p : attachment_parts(pf, item, seed, depth)) parts.push_back(std::move(p));
    if (parts.size() == 1)
        out += parts[0].headers + "\n\n" + parts[0].body;
    else
        out += join_multipart("mixed", parts, boundary + "mix");
    return out;
}

struct Walk {
    pst_file* pf;
    const std::set<std::uint64_t>* skip;
    std::uint32_t messages = 0, nonmail = 0;

    void run(pst_desc_tree* d, const std::string& folder, int depth) {
        for (; d; d = d->next) {
            if (!d->desc) continue;
            if (skip->count(d->d_id)) continue;  // an earlier reader died on it
            std::string locator = "node:" + std::to_string(d->d_id);
            {
                std::string b;
                put_str(b, locator);
                frame(k_begin, b);
            }
            pst_item* item = pst_parse_item(pf, d, nullptr);
            if (!item) {
                std::string p;
                put_str(p, locator);
                put_str(p, "item cannot be read by libpst");
                put_u32(p, 0);
                frame(k_problem, p);
                continue;
            }
            if (item->folder) {
                std::string name = text(item, item->file_as);
                std::string sub = folder.empty() ? name : folder + "/" + name;
                if (d->child && depth < 64) run(d->child, sub, depth + 1);
            } else if (item->email && (item->type == PST_TYPE_NOTE ||
                                       item->type == PST_TYPE_SCHEDULE ||
                                       item->type == PST_TYPE_REPORT)) {
                std::uint32_t flags = k_flag_known;
                if (item->flags & 0x01) flags |= k_flag_seen;
                if (item->flags & 0x08) flags |= k_flag_draft;
                std::string p;
                put_u32(p, flags);
                put_str(p, folder);
                put_str(p, locator);
                put_str(p, build_message(pf, item, std::to_string(d->d_id), 0));
                frame(k_message, p);
                ++messages;
            } else {
                ++nonmail; // contacts, appointments, tasks, journal entries
            }
            pst_freeItem(item);
        }
    }
};

} // namespace

int run_reader(const std::string& path, const std::string& charset, int fd,
               const std::set<std::uint64_t>& skip) {
    g_fd = fd;
    pst_file pf{};
    if (pst_open(&pf, path.c_str(), charset.c_str()) != 0) return 4;
    if (pst_load_index(&pf) != 0) {
        pst_close(&pf);
        return 3;
    }
    pst_load_extended_attributes(&pf);
    pst_item* root = pst_parse_item(&pf, pf.d_head, nullptr);
    if (!root || !root->message_store) {
        if (root) pst_freeItem(root);
        pst_close(&pf);
        return 3;
    }
    pst_desc_tree* top = pst_getTopOfFolders(&pf, root);
    if (!top) {
        pst_freeItem(root);
        pst_close(&pf);
        return 3;
    }
    Walk w{&pf, &skip};
    w.run(top->child, "", 0);
    pst_freeItem(root);
    pst_close(&pf);
    std::string p;
    put_u32(p, w.messages);
    put_u32(p, w.nonmail);
    frame(k_end, p);
    return 0;
}

} // namespace ms::pst_wire
