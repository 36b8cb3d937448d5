#include "mailscope/index/document.hpp"

#include "mailscope/index/fields.hpp"
#include "mailscope/source/source.hpp"
#include "mailscope/util/strings.hpp"

namespace ms {

void configure_term_generator(Xapian::TermGenerator& tg) {
    tg.set_stemmer(Xapian::Stem("english"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    // Without this a run of Chinese is one term and nothing in it can be found (LIBNOTES §1).
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
}

static void add_boolean(Xapian::Document& doc, const std::string& prefix, std::string value) {
    value = ascii_lower(value);
    if (prefix.size() + value.size() > k_max_term)
        value = utf8_truncate(value, k_max_term - prefix.size());
    doc.add_boolean_term(prefix + value);
}

static void index_addresses(Xapian::TermGenerator& tg, const std::vector<Address>& list,
                            const char* prefix) {
    for (const auto& a : list) {
        tg.index_text(a.name + " " + a.addr, 1, prefix);
        tg.increase_termpos(10);
    }
}

void build_document(Xapian::TermGenerator& tg, Xapian::Document& doc, const MessageSummary& s,
                    const std::vector<FieldText>& texts) {
    tg.set_document(doc);
    for (const auto& f : texts)
        if (f.name == "body") tg.index_text(f.text);
    tg.increase_termpos(100);
    tg.index_text(s.subject, 1, "S");
    tg.increase_termpos(100);
    index_addresses(tg, {s.from}, "A");
    index_addresses(tg, s.to, "XTO");
    index_addresses(tg, s.cc, "XCC");
    index_addresses(tg, s.bcc, "XBCC");
    for (const auto& a : s.attachments) {
        // "Mingda_SCM_Proposal_v0.9.pdf": '_' joins words for Xapian, so index the parts too.
        std::string parts = a.filename;
        for (char& c : parts)
            if (c == '_' || c == '.' || c == '-' || c == '+') c = ' ';
        tg.index_text(a.filename + " " + parts, 1, "XAN");
        tg.increase_termpos(10);
    }
    for (const auto& f : texts) {
        if (f.name.rfind("attachment:", 0) != 0 || f.text.empty()) continue;
        tg.index_text(f.text, 1, "XAC");
        tg.increase_termpos(100);
    }

    doc.add_boolean_term("Q" + std::to_string(s.id));
    auto add_mid = [&](std::string mid) {
        if (mid.empty()) return;
        if (mid.size() + 4 > k_max_term) mid = utf8_truncate(mid, k_max_term - 4);
        doc.add_boolean_term("XMID" + mid); // Message-IDs are case-sensitive: not lowered
    };
    add_mid(s.message_id);
    add_boolean(doc, "XTHREAD", std::to_string(s.thread_id));
    for (const auto& l : s.locations) {
        add_boolean(doc, "XFOLDER", l.folder);
        // A message found in allen-p/deleted_items and buy-r/inbox is in neither allen-p's
        // inbox: folder:allen-p/inbox names one custodian's folder exactly.
        add_boolean(doc, "XFOLDER", l.custodian + "/" + l.folder);
        add_boolean(doc, "XCUSTODIAN", l.custodian);
        add_mid(l.message_id); // every copy's id finds the message
    }
    if (s.has_attachment) doc.add_boolean_term("Hattachment");
    static const std::pair<std::uint32_t, const char*> k_flags[] = {
        {k_flag_seen, "seen"},       {k_flag_replied, "replied"}, {k_flag_starred, "starred"},
        {k_flag_draft, "draft"},     {k_flag_trashed, "trashed"}, {k_flag_forwarded, "forwarded"}};
    for (auto [bit, name] : k_flags)
        if (s.flags & bit) doc.add_boolean_term(std::string("K") + name);
    if (s.flags & k_flag_seen) doc.add_boolean_term("Kread");
    // "unread" only where the source records read state; Enron-style trees do not.
    if ((s.flags & k_flag_known) && !(s.flags & k_flag_seen)) doc.add_boolean_term("Kunread");
    if (s.flags & k_flag_starred) doc.add_boolean_term("Kflagged");

    if (s.date) doc.add_value(k_slot_date, Xapian::sortable_serialise(static_cast<double>(*s.date)));
    doc.add_value(k_slot_size, Xapian::sortable_serialise(static_cast<double>(s.size)));
    // The generator holds a reference to the document, and Xapian's reference counts are not
    // atomic: a document handed to the writer thread must have no other owner.
    tg.set_document(Xapian::Document());
}

} // namespace ms
