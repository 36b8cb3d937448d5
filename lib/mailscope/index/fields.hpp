// The search fields: one table shared by the indexer, the query parser, the man page test
// and the shell completions, so they cannot drift apart.
#pragma once

namespace ms {

enum class FieldKind {
    text,     // probabilistic, stemmed, CJK n-grams; phrases work
    boolean,  // exact value, case-insensitive (stored lower-case)
    special,  // handled by a processor (id:, date:)
};

struct FieldSpec {
    const char* name;       // as typed in a query: "from"
    const char* prefix;     // Xapian term prefix
    const char* prefix2;    // a second prefix searched together, or nullptr
    FieldKind kind;
    const char* help;       // one line for mailscope-query(7) and completions
    const char* values = nullptr; // the closed set of values, space-separated, or nullptr
};

inline constexpr FieldSpec k_fields[] = {
    {"from", "A", nullptr, FieldKind::text, "sender name or address"},
    {"to", "XTO", nullptr, FieldKind::text, "To: recipient name or address"},
    {"cc", "XCC", nullptr, FieldKind::text, "Cc: recipient name or address"},
    {"bcc", "XBCC", nullptr, FieldKind::text, "Bcc: recipient name or address"},
    {"subject", "S", nullptr, FieldKind::text, "words of the subject"},
    {"body", "", nullptr, FieldKind::text, "words of the message body"},
    {"attachment", "XAN", "XAC", FieldKind::text, "attachment file name or text"},
    {"folder", "XFOLDER", nullptr, FieldKind::boolean,
     "folder the message was found in (FOLDER or CUSTODIAN/FOLDER)"},
    {"custodian", "XCUSTODIAN", nullptr, FieldKind::boolean, "whose mailbox it came from"},
    // The values are the K and H terms index/document.cpp writes (a unit test checks).
    {"is", "K", nullptr, FieldKind::boolean, "a flag: starred, unread, replied ...",
     "starred seen read unread replied forwarded draft trashed flagged"},
    {"has", "H", nullptr, FieldKind::boolean, "attachment", "attachment"},
    {"thread", "XTHREAD", nullptr, FieldKind::boolean, "thread id (the id of its first message)"},
    {"mid", "XMID", nullptr, FieldKind::boolean, "Message-ID header, without <>"},
    {"id", "Q", nullptr, FieldKind::special, "case id of a message, or its Message-ID"},
    {"date", "", nullptr, FieldKind::special, "date or range: 2001, 2001-05, 2001-05-14..2001-06, 7d.."},
};

// Xapian value slots.
inline constexpr unsigned k_slot_date = 0;  // sortable_serialise(epoch seconds, UTC)
inline constexpr unsigned k_slot_size = 1;  // sortable_serialise(bytes)

// Xapian refuses terms longer than 245 bytes; longer boolean values are cut to this.
inline constexpr unsigned k_max_term = 240;

} // namespace ms
