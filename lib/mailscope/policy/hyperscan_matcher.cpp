// The Hyperscan matcher: all patterns in one block-mode database. Each field of a message is
// scanned as one block (LIBNOTES §4: streams split at block edges would miss matches).
// Databases are cached per rule-set version, Hyperscan version and CPU features, because a
// serialised database only loads into the same library built for the same platform.
#include "mailscope/policy/matcher.hpp"

#include "mailscope/util/fs.hpp"
#include "mailscope/util/hash.hpp"

#include <cerrno>
#include <filesystem>
#include <hs.h>
#include <sys/stat.h>

namespace ms {

namespace {

struct DbDeleter {
    void operator()(hs_database_t* d) const { hs_free_database(d); }
};
struct ScratchDeleter {
    void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};

// A literal as a Hyperscan expression: every ASCII byte that is not a letter or digit is
// written as \xHH; UTF-8 sequences pass as they are (the database is compiled with UTF8).
std::string escape_literal(const std::string& s) {
    static const char* k_hex = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x80 || std::isalnum(c)) {
            out.push_back(static_cast<char>(c));
        } else {
            out += "\\x";
            out.push_back(k_hex[c >> 4]);
            out.push_back(k_hex[c & 15]);
        }
    }
    return out;
}

std::string cache_key(const RuleSet& rules) {
    hs_platform_info_t plat{};
    hs_populate_platform(&plat);
    Sha256Hasher h;
    h.update(rules.version());
    h.update(hs_version());
    h.update(std::to_string(plat.cpu_features) + "/" + std::to_string(plat.tune));
    return to_hex(h.finish()).substr(0, 24);
}

class HyperscanMatcher final : public Matcher {
public:
    explicit HyperscanMatcher(hs_database_t* db) : m_db(db) {
        if (m_db) {
            hs_scratch_t* s = nullptr;
            hs_alloc_scratch(m_db.get(), &s);
            m_scratch.reset(s);
        }
    }

    Result<void> scan(std::string_view text, std::vector<Hit>& hits) override {
        if (!m_db || text.empty()) return ok();
        if (text.size() > 0xFFFFFFFFu) return fail(Errc::unsupported, "text over 4 GB");
        hs_error_t rc = hs_scan(m_db.get(), text.data(), static_cast<unsigned>(text.size()), 0,
                                m_scratch.get(), &HyperscanMatcher::on_match, &hits);
        if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
            return fail(Errc::internal, "Hyperscan scan failed (error " + std::to_string(rc) + ")");
        return ok();
    }

private:
    static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned,
                        void* ctx) {
        static_cast<std::vector<Hit>*>(ctx)->push_back(
            {id, static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to)});
        return 0;
    }

    std::unique_ptr<hs_database_t, DbDeleter> m_db;
    std::unique_ptr<hs_scratch_t, ScratchDeleter> m_scratch;
};

Result<hs_database_t*> compile(const RuleSet& rules) {
    const auto& pats = rules.patterns();
    std::vector<std::string> exprs;
    std::vector<const char*> cexprs;
    std::vector<unsigned> flags, ids;
    exprs.reserve(pats.size());
    for (std::size_t i = 0; i < pats.size(); ++i) {
        exprs.push_back(pats[i].literal ? escape_literal(pats[i].expression) : pats[i].expression);
        // The text is case-folded already; CASELESS covers regexes written in capitals. No
        // UCP: \b and \w stay ASCII, which is what lets \b work at all (and Han characters
        // count as non-word, so "付cash" still has a boundary).
        flags.push_back(HS_FLAG_UTF8 | HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST);
        ids.push_back(static_cast<unsigned>(i));
    }
    for (const auto& e : exprs) cexprs.push_back(e.c_str());
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    hs_error_t rc = hs_compile_multi(cexprs.data(), flags.data(), ids.data(),
                                     static_cast<unsigned>(cexprs.size()), HS_MODE_BLOCK,
                                     nullptr, &db, &err);
    if (rc != HS_SUCCESS) {
        std::string msg = err && err->message ? err->message : "unknown error";
        std::string where = "policy";
        if (err && err->expression >= 0 &&
            static_cast<std::size_t>(err->expression) < pats.size()) {
            const Pattern& p = pats[static_cast<std::size_t>(err->expression)];
            const Rule& r = rules.rules()[p.rule];
            for (const auto& pol : rules.policies())
                if (pol.id == r.policy) where = pol.path + ":" + std::to_string(r.line);
            where += ": rule " + r.id + ": " + (p.literal ? "term" : "regex") + " '" +
                     p.expression + "'";
        }
        hs_free_compile_error(err);
        return fail(Errc::bad_input, where + ": " + msg,
                    "Hyperscan supports most PCRE syntax but no back-references or "
                    "look-around; see mailscope-policy(5)");
    }
    return db;
}

} // namespace

Result<std::unique_ptr<Matcher>> make_hyperscan_matcher(const RuleSet& rules,
                                                        const std::string& cache_dir) {
    if (hs_valid_platform() != HS_SUCCESS)
        return fail(Errc::unsupported, "this CPU lacks SSSE3, which Hyperscan needs");
    if (rules.patterns().empty()) return std::unique_ptr<Matcher>(new HyperscanMatcher(nullptr));
    std::string path;
    if (!cache_dir.empty()) {
        path = cache_dir + "/hs-" + cache_key(rules) + ".db";
        if (auto bytes = read_file(path)) {
            hs_database_t* db = nullptr;
            if (hs_deserialize_database(bytes->data(), bytes->size(), &db) == HS_SUCCESS)
                return std::unique_ptr<Matcher>(new HyperscanMatcher(db));
            // Wrong library or platform (LIBNOTES §4): compile afresh below.
        }
    }
    MS_TRY_ASSIGN(db, compile(rules));
    if (!path.empty()) {
        char* bytes = nullptr;
        size_t len = 0;
        if (hs_serialize_database(db, &bytes, &len) == HS_SUCCESS) {
            std::error_code ec;
            std::filesystem::create_directories(cache_dir, ec);
            (void)write_file_atomic(path, std::string_view(bytes, len)); // a cache: best effort
            free(bytes);
        }
    }
    return std::unique_ptr<Matcher>(new HyperscanMatcher(db));
}

} // namespace ms
