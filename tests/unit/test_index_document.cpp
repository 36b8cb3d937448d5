// index/document: the terms a message contributes, checked against the field table that the
// query parser and the completions read (fields.hpp).
#include "mailscope/index/document.hpp"
#include "mailscope/index/fields.hpp"
#include "mailscope/source/source.hpp"

#include <doctest/doctest.h>

#include <set>
#include <sstream>

using namespace ms;

namespace {

std::set<std::string> terms_with_prefix(const Xapian::Document& doc, const std::string& prefix) {
    std::set<std::string> out;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        std::string t = *it;
        if (t.rfind(prefix, 0) == 0) out.insert(t.substr(prefix.size()));
    }
    return out;
}

const FieldSpec& field(const std::string& name) {
    for (const FieldSpec& f : k_fields)
        if (name == f.name) return f;
    FAIL("no field " << name);
    return k_fields[0];
}

// A generator configured as the indexer's, and a message with an id and a thread.
struct Built {
    Xapian::TermGenerator tg;
    MessageSummary s;
    Built(std::int64_t id, std::int64_t thread) {
        configure_term_generator(tg);
        s.id = id;
        s.thread_id = thread;
    }
};

} // namespace

TEST_CASE("every is: and has: value the field table lists is a term the indexer writes") {
    Built b(7, 7);
    Xapian::TermGenerator& tg = b.tg;
    MessageSummary& s = b.s;
    s.has_attachment = true;
    // Every flag set once, and separately a known-unread message.
    s.flags = k_flag_known | k_flag_seen | k_flag_replied | k_flag_starred | k_flag_draft |
              k_flag_trashed | k_flag_forwarded;
    Xapian::Document all;
    build_document(tg, all, s, {});
    MessageSummary u = s;
    u.flags = k_flag_known;
    Xapian::Document unread;
    build_document(tg, unread, u, {});

    std::set<std::string> written = terms_with_prefix(all, "K");
    for (const auto& t : terms_with_prefix(unread, "K")) written.insert(t);
    std::set<std::string> listed;
    std::istringstream words(field("is").values);
    for (std::string w; words >> w;) listed.insert(w);
    CHECK(written == listed);
    CHECK(terms_with_prefix(all, "H") == std::set<std::string>{field("has").values});
}

TEST_CASE("folders are indexed alone and under their custodian") {
    Built b(3, 1);
    MessageSummary& s = b.s;
    s.locations.push_back({1, "/e", "tree", "inbox/1.", "Inbox", "allen-p", 0, "a@x"});
    s.locations.push_back({2, "/f", "tree", "sent/2.", "sent", "Buy-R", 0, "b@x"});
    Xapian::Document doc;
    build_document(b.tg, doc, s, {});
    CHECK(terms_with_prefix(doc, "XFOLDER") ==
          std::set<std::string>{"inbox", "allen-p/inbox", "sent", "buy-r/sent"});
    CHECK(terms_with_prefix(doc, "XCUSTODIAN") == std::set<std::string>{"allen-p", "buy-r"});
    CHECK(terms_with_prefix(doc, "XMID") == std::set<std::string>{"a@x", "b@x"});
    CHECK(terms_with_prefix(doc, "Q") == std::set<std::string>{"3"});
    CHECK(terms_with_prefix(doc, "XTHREAD") == std::set<std::string>{"1"});
}

TEST_CASE("the term generator lets go of a built document, which then has one owner") {
    // The indexer hands documents to its writer thread; a reference left in the generator
    // would be released on the other thread by the next document (non-atomic counts).
    Built b(5, 5);
    b.s.subject = "quarterly report";
    Xapian::Document doc;
    build_document(b.tg, doc, b.s, {});
    Xapian::termcount before = doc.termlist_count();
    b.tg.index_text("afterwards");
    CHECK(doc.termlist_count() == before);
    CHECK(terms_with_prefix(doc, "afterward").empty());
    CHECK(terms_with_prefix(doc, "Squarter").size() == 1);
}
