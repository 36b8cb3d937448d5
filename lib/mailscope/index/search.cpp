#include "mailscope/index/search.hpp"

#include "mailscope/index/fields.hpp"
#include "mailscope/index/query.hpp"
#include "mailscope/index/xapian_error.hpp"

#include <filesystem>
#include <xapian.h>

namespace ms {

Result<SearchResult> search(Case& c, const SearchOptions& opts) {
    MS_TRY_ASSIGN(query, parse_query(opts.query));
    std::error_code ec;
    if (!std::filesystem::exists(c.index_dir(), ec))
        return fail(Errc::not_found, c.dir() + ": the case has no index yet",
                    "run `mailscope index --case " + c.dir() + "`");
    try {
        Xapian::Database db(c.index_dir());
        Xapian::Enquire enq(db);
        enq.set_query(query);
        switch (opts.sort) {
        case SortOrder::date:
            enq.set_sort_by_value_then_relevance(k_slot_date, false);
            break;
        case SortOrder::date_desc:
            enq.set_sort_by_value_then_relevance(k_slot_date, true);
            break;
        case SortOrder::relevance:
            enq.set_sort_by_relevance_then_value(k_slot_date, false);
            break;
        }
        // Ties (same date) in docid order: case ids, i.e. import order.
        enq.set_docid_order(Xapian::Enquire::ASCENDING);
        Xapian::doccount n = db.get_doccount();
        Xapian::doccount want = opts.limit ? static_cast<Xapian::doccount>(opts.limit) : n;
        Xapian::MSet mset = enq.get_mset(static_cast<Xapian::doccount>(opts.offset), want, n);
        SearchResult r;
        r.total = mset.get_matches_estimated();
        r.ids.reserve(mset.size());
        for (auto it = mset.begin(); it != mset.end(); ++it) r.ids.push_back(*it);
        return r;
    } catch (const Xapian::Error& e) {
        return fail(xapian_error(e, c.index_dir()));
    }
}

} // namespace ms
