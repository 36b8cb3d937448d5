// What one message contributes to the index: terms per field (see fields.hpp) and values.
#pragma once

#include "mailscope/mime/message.hpp"
#include "mailscope/store/reader.hpp"

#include <xapian.h>

namespace ms {

// Fills `doc` from the stored summary (headers and case data: locations, flags, thread;
// Detail::index or more) and the message's texts (body, attachment texts). No MIME parsing:
// `tg` is reused across documents for speed; on return it no longer refers to `doc`, which can
// then be handed to another thread (Xapian reference counts are not atomic).
void build_document(Xapian::TermGenerator& tg, Xapian::Document& doc, const MessageSummary& s,
                    const std::vector<FieldText>& texts);

// Configures a TermGenerator the way the query parser expects (stemmer, CJK n-grams).
void configure_term_generator(Xapian::TermGenerator& tg);

} // namespace ms
