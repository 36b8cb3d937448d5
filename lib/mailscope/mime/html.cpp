#include "mailscope/mime/html.hpp"

#include "mailscope/util/strings.hpp"

#include <cctype>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <mutex>

namespace ms {

namespace {

bool is_block(const char* n) {
    static const char* const k_blocks[] = {"p",  "div", "br", "tr", "li", "h1", "h2", "h3",
                                           "h4", "h5",  "h6", "table", "blockquote", "pre",
                                           "ul", "ol",  "hr", "dt", "dd", "section", "article",
                                           "header", "footer", "title", "address"};
    for (const char* b : k_blocks)
        if (std::string_view(n) == b) return true;
    return false;
}

void newline(std::string& out) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out.push_back('\n');
}

void walk(xmlNode* node, std::string& out, int depth) {
    if (depth > 200) return; // hostile nesting
    for (xmlNode* n = node; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const char* t = reinterpret_cast<const char*>(n->content);
            if (!t) continue;
            for (const char* p = t; *p; ++p) {
                char c = *p;
                if (c == '\n' || c == '\r' || c == '\t') c = ' ';
                if (c == ' ' && (out.empty() || out.back() == ' ' || out.back() == '\n')) continue;
                out.push_back(c);
            }
        } else if (n->type == XML_ELEMENT_NODE) {
            const char* name = reinterpret_cast<const char*>(n->name);
            std::string_view nm(name);
            if (nm == "script" || nm == "style" || nm == "head" || nm == "noscript") continue;
            bool block = is_block(name);
            if (block) newline(out);
            if (nm == "td" || nm == "th") {
                if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
            }
            walk(n->children, out, depth + 1);
            if (block) newline(out);
        }
    }
}

} // namespace

std::string html_to_text(std::string_view html) {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
    if (html.empty()) return {};
    // Outlook's downlevel-revealed conditionals "<![if !vml]>" are not markup libxml2 knows.
    std::string cleaned;
    if (html.find("<![") != std::string_view::npos) {
        cleaned.reserve(html.size());
        for (std::size_t i = 0; i < html.size();) {
            if (html.compare(i, 3, "<![") == 0 && html.compare(i, 9, "<![CDATA[") != 0) {
                std::size_t close = html.find("]>", i);
                if (close != std::string_view::npos && close - i < 200) {
                    i = close + 2;
                    continue;
                }
            }
            cleaned.push_back(html[i++]);
        }
        html = cleaned;
    }
    htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    if (!doc) return std::string(html);
    std::string out;
    out.reserve(html.size() / 2);
    walk(xmlDocGetRootElement(doc), out, 0);
    xmlFreeDoc(doc);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return sanitize_utf8(out);
}

std::string html_meta_charset(std::string_view html) {
    // Only the head matters; a bounded scan keeps this cheap on big HTML mail.
    std::string head = ascii_lower(html.substr(0, 4096));
    std::size_t p = head.find("charset");
    while (p != std::string::npos) {
        std::size_t i = p + 7;
        while (i < head.size() && (head[i] == ' ' || head[i] == '=' || head[i] == '"' ||
                                   head[i] == '\''))
            ++i;
        std::size_t j = i;
        while (j < head.size() && (std::isalnum(static_cast<unsigned char>(head[j])) ||
                                   head[j] == '-' || head[j] == '_'))
            ++j;
        std::size_t meta = head.rfind("<meta", p);
        if (j > i && meta != std::string::npos && head.find('>', meta) > p)
            return head.substr(i, j - i);
        p = head.find("charset", p + 7);
    }
    return {};
}

} // namespace ms
