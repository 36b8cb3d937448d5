#include "mailscope/index/search.hpp"

#include "mailscope/index/fields.hpp"
#include "mailscope/index/query.hpp"
#include "mailscope/index/shards.hpp"
#include "mailscope/index/xapian_error.hpp"

#include <xapian.h>

namespace ms {

namespace {

// Whether the parser made part of the query a pure filter ("0 * term" in its description).
bool has_zero_weight(const Xapian::Query& q) {
    const std::string d = q.get_description();
    for (std::size_t at = d.find("0 * "); at != std::string::npos; at = d.find("0 * ", at + 1))
        if (at > 0 && (d[at - 1] == '(' || d[at - 1] == ' ')) return true;
    return false;
}

} // namespace

Result<SearchResult> search(Case& c, const SearchOptions& opts) {
    MS_TRY_ASSIGN(query, parse_query(opts.query));
    MS_TRY_ASSIGN(layout, load_shards(c.db()));
    MS_TRY_ASSIGN(db, open_index(c, layout));
    try {
        // Xapian 1.4.22 throws "Unexpected end of posting list" for a term searched as a bare
        // filter (weight 0) that is in every document of a shard whose docids do not start
        // at 1: custodian:X with X alone in its shard. Under OP_FILTER the same terms are read
        // another way that works. Weights are 0 there, so a query joining filters and words
        // with OR loses its relevance ranking, on sharded cases only.
        if (layout.sharded() && has_zero_weight(query))
            query = Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, query);
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
        // Ties (same date) in docid order: case ids, i.e. import order; merged docids of
        // shards interleave by shard, so their order is the case ids' order too.
        enq.set_docid_order(Xapian::Enquire::ASCENDING);
        Xapian::doccount n = db.get_doccount();
        Xapian::doccount want = opts.limit ? static_cast<Xapian::doccount>(opts.limit) : n;
        Xapian::MSet mset = enq.get_mset(static_cast<Xapian::doccount>(opts.offset), want, n);
        SearchResult r;
        r.total = mset.get_matches_estimated();
        r.ids.reserve(mset.size());
        std::size_t shards = db.size();
        for (auto it = mset.begin(); it != mset.end(); ++it)
            r.ids.push_back(case_id_of(*it, shards));
        return r;
    } catch (const Xapian::Error& e) {
        return fail(xapian_error(e, layout.sharded() ? c.dir() + "/shards" : c.index_dir()));
    }
}

} // namespace ms
