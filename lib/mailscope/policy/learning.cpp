#include "mailscope/policy/learning.hpp"

#include "mailscope/policy/evaluate.hpp"
#include "mailscope/policy/scene.hpp"
#include "mailscope/store/reader.hpp"

#include <set>
#include <tuple>

namespace ms {

std::string rule_key(const std::string& policy, const std::string& rule) {
    return policy + "/" + rule;
}

bool LearnedModel::used_for(const std::string& rule) const {
    auto it = rules.find(rule);
    return it != rules.end() && it->second.used && model.trained();
}

std::optional<double> LearnedModel::score(const std::string& rule,
                                          const std::vector<std::string>& f) const {
    if (!used_for(rule)) return std::nullopt;
    return model.fp_probability(f);
}

std::optional<double> LearnedModel::score(const HitSite& site) const {
    if (!used_for(site.rule)) return std::nullopt;
    return model.fp_probability(context_features(site));
}

std::string line_before(std::string_view text, std::size_t start) {
    start = std::min(start, text.size());
    std::size_t a = text.rfind('\n', start == 0 ? 0 : start - 1);
    a = (a == std::string_view::npos || a >= start) ? 0 : a + 1;
    if (start > 0 && text[start - 1] == '\n') a = start;
    std::size_t chars = 0, b = start;
    while (b > a && chars < 80) {
        --b;
        if ((static_cast<unsigned char>(text[b]) & 0xC0) != 0x80) ++chars;
    }
    return std::string(text.substr(b, start - b));
}

namespace {

// A flag's place in its message's texts, with the sender from the directory.
struct FlagSite {
    std::int64_t id = 0, message_id = 0;
    std::string rule, field, status;
    std::uint32_t start = 0, end = 0;
};

// Texts and sender of one message at a time (flags come in message order).
class MessageTexts {
public:
    static Result<MessageTexts> create(Db& db, const Directory* dir) {
        MS_TRY_ASSIGN(reader, MessageReader::create(db));
        return MessageTexts(std::move(reader), dir);
    }
    Result<void> load(std::int64_t id) {
        if (id == m_id) return ok();
        MS_TRY_ASSIGN(s, m_reader.summary(id, Detail::listing));
        MS_TRY_ASSIGN(t, m_reader.texts(id));
        m_texts = std::move(t);
        m_sender = m_dir ? m_dir->person(s.from.addr) : nullptr;
        m_id = id;
        return ok();
    }
    // The features of a flag of the loaded message; none when its field is gone.
    std::optional<std::vector<std::string>> features(const FlagSite& f) const {
        if (const FieldText* t = field(f)) {
            HitSite site{t->text, t->name, f.start, f.end, m_sender, f.rule};
            return context_features(site);
        }
        return std::nullopt;
    }
    const FieldText* field(const FlagSite& f) const {
        for (const auto& t : m_texts)
            if (t.name == f.field) return &t;
        return nullptr;
    }

private:
    MessageTexts(MessageReader r, const Directory* dir) : m_reader(std::move(r)), m_dir(dir) {}
    MessageReader m_reader;
    const Directory* m_dir;
    std::int64_t m_id = 0;
    std::vector<FieldText> m_texts;
    const Person* m_sender = nullptr;
};

Result<std::vector<FlagSite>> flag_sites(Db& db, const char* where) {
    MS_TRY_ASSIGN(st, db.prepare(std::string("SELECT id, message_id, policy, rule, field, start, "
                                             "end, status FROM flags WHERE ") +
                                 where + " ORDER BY message_id, id"));
    std::vector<FlagSite> out;
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        FlagSite f;
        f.id = st.int64(0);
        f.message_id = st.int64(1);
        f.rule = rule_key(st.text(2), st.text(3));
        f.field = st.text(4);
        f.start = static_cast<std::uint32_t>(st.int64(5));
        f.end = static_cast<std::uint32_t>(st.int64(6));
        f.status = st.text(7);
        out.push_back(std::move(f));
    }
    return out;
}

} // namespace

Result<std::vector<LabelledHit>> decided_flags(Db& db, const Directory* dir) {
    MS_TRY_ASSIGN(sites, flag_sites(db, "status IN ('confirmed','dismissed')"));
    MS_TRY_ASSIGN(texts, MessageTexts::create(db, dir));
    std::vector<LabelledHit> out;
    for (const auto& f : sites) {
        MS_TRY(texts.load(f.message_id));
        auto features = texts.features(f);
        if (!features) continue;
        LabelledHit h;
        h.rule = f.rule;
        h.positive = f.status == "confirmed";
        h.features = std::move(*features);
        h.origin = "flag " + std::to_string(f.id);
        h.flag_id = f.id;
        h.before = line_before(texts.field(f)->text, f.start);
        out.push_back(std::move(h));
    }
    return out;
}

Result<ExampleHits> example_hits(const RuleSet& rules, Matcher& matcher, const Directory* dir) {
    // As `policy test` runs them: examples naming no sender check the words only, through
    // the same rules without their scopes (same patterns: one matcher serves both).
    std::vector<Policy> open_copies = rules.policies();
    for (auto& p : open_copies)
        for (auto& r : p.rules) r.scope = Scope{};
    MS_TRY_ASSIGN(open_rules, RuleSet::build(open_copies, nullptr));
    Evaluator scoped(rules, matcher), unscoped(open_rules, matcher);
    ExampleHits out;
    for (const Policy& p : rules.policies()) {
        for (const Example& ex : p.examples) {
            std::vector<FieldText> text{{"body", ex.text}};
            Scene scene = ex.from.empty() ? Scene{} : classify(dir, ex.from, ex.to, std::nullopt);
            MS_TRY_ASSIGN(found, ex.from.empty() ? unscoped.evaluate(text, scene)
                                                  : scoped.evaluate(text, scene));
            std::string origin = p.path + ":" + std::to_string(ex.line);
            std::set<std::string> want(ex.expect.begin(), ex.expect.end()), got;
            for (const Finding& f : found) {
                const Rule& r = rules.rules()[f.rule];
                if (r.policy != p.id || r.tier == Tier::allowed) continue;
                LabelledHit h;
                h.rule = rule_key(r.policy, r.id);
                h.positive = want.count(r.id) > 0;
                HitSite site{ex.text, "body", f.start, f.end, scene.sender, h.rule};
                h.features = context_features(site);
                h.origin = origin;
                h.before = line_before(ex.text, f.start);
                got.insert(r.id);
                out.found.push_back(std::move(h));
            }
            for (const auto& w : want)
                if (!got.count(w)) {
                    LabelledHit h;
                    h.rule = rule_key(p.id, w);
                    h.positive = true;
                    h.origin = origin;
                    out.missed.push_back(std::move(h));
                }
        }
    }
    return out;
}

LearnedModel train_model(const std::vector<LabelledHit>& decisions,
                         const std::vector<LabelledHit>& examples,
                         const std::vector<std::string>& rule_keys, std::int64_t now) {
    LearnedModel m;
    m.trained_at = now;
    for (const auto& k : rule_keys) m.rules[k].rule = k;
    for (const auto& d : decisions) {
        m.model.add(d.features, !d.positive);
        RuleLearning& r = m.rules[d.rule];
        r.rule = d.rule;
        (d.positive ? r.confirmed : r.dismissed)++;
    }
    for (const auto& e : examples) m.rules[e.rule].rule = e.rule;
    std::map<std::string, std::string> first_lost;
    auto check = [&](const LabelledHit& h) {
        if (!h.positive) return;
        RuleLearning& r = m.rules[h.rule];
        ++r.checks;
        auto p = m.model.fp_probability(h.features);
        if (!p || *p < k_likely_fp) ++r.checks_kept;
        else if (!first_lost.count(h.rule)) {
            std::string why;
            for (const auto& x : m.model.reasons(h.features))
                why += (why.empty() ? "" : ", ") + x;
            first_lost[h.rule] = h.origin + (why.empty() ? "" : ", on " + why);
        }
    };
    for (const auto& e : examples) check(e);
    for (const auto& d : decisions) check(d);
    for (auto& [key, r] : m.rules) {
        if (!m.model.trained()) {
            r.reason = "not enough decisions: the model needs " + std::to_string(k_min_decisions) +
                       " confirmed and " + std::to_string(k_min_decisions) +
                       " dismissed flags, the case has " + std::to_string(m.model.confirmed()) +
                       " and " + std::to_string(m.model.dismissed());
        } else if (r.checks == 0) {
            r.reason = "no seeded example or confirmed flag to show that it keeps recall";
        } else if (r.checks_kept < r.checks) {
            r.reason = "would lose recall: " + std::to_string(r.checks - r.checks_kept) + " of " +
                       std::to_string(r.checks) + " must-find hits scored as likely false "
                       "positives (first: " + first_lost[key] + ")";
        } else {
            r.used = true;
            r.reason = "keeps all " + std::to_string(r.checks) + " must-find hits";
        }
    }
    return m;
}

Result<std::vector<std::int64_t>> confirmed_lost(Db& db, const RuleSet& rules, Matcher& matcher,
                                                 const Directory* dir) {
    MS_TRY_ASSIGN(sites, flag_sites(db, "status = 'confirmed'"));
    MS_TRY_ASSIGN(reader, MessageReader::create(db));
    Evaluator eval(rules, matcher);
    std::vector<std::int64_t> lost;
    std::int64_t loaded = 0;
    std::set<std::tuple<std::string, std::string, std::uint32_t>> found;
    for (const auto& f : sites) {
        if (f.message_id != loaded) {
            MS_TRY_ASSIGN(s, reader.summary(f.message_id, Detail::listing));
            std::vector<std::string> rcpts;
            for (const auto* list : {&s.to, &s.cc, &s.bcc})
                for (const auto& a : *list)
                    if (!a.addr.empty()) rcpts.push_back(a.addr);
            Scene scene = classify(dir, s.from.addr, rcpts, s.date);
            MS_TRY_ASSIGN(texts, reader.texts(f.message_id));
            MS_TRY_ASSIGN(findings, eval.evaluate(texts, scene));
            found.clear();
            for (const auto& x : findings) {
                const Rule& r = rules.rules()[x.rule];
                found.emplace(rule_key(r.policy, r.id), x.field, x.start);
            }
            loaded = f.message_id;
        }
        if (!found.count({f.rule, f.field, f.start})) lost.push_back(f.id);
    }
    return lost;
}

Result<std::optional<LearnedModel>> load_model(Db& db) {
    MS_TRY_ASSIGN(st, db.prepare("SELECT key, trained_at, confirmed, dismissed, used, reason, "
                                 "model FROM context_models ORDER BY key"));
    LearnedModel m;
    bool have = false;
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        std::string key = st.text(0);
        if (key == "*") {
            auto parsed = ContextModel::parse(st.text(6));
            if (!parsed)
                return fail(Errc::database, db.path() + ": the stored context model is unreadable",
                            "train it again with mailscope policy learn");
            m.model = std::move(*parsed);
            m.trained_at = st.int64(1);
            have = true;
            continue;
        }
        RuleLearning r;
        r.rule = key;
        r.confirmed = static_cast<int>(st.int64(2));
        r.dismissed = static_cast<int>(st.int64(3));
        r.used = st.int64(4) != 0;
        r.reason = st.text(5);
        // checks and checks_kept live in the reason's words only; the row keeps the verdict.
        m.rules[key] = std::move(r);
    }
    if (!have) return std::optional<LearnedModel>();
    return std::optional<LearnedModel>(std::move(m));
}

Result<void> save_model(Db& db, const LearnedModel& m) {
    MS_TRY(db.exec("DELETE FROM context_models"));
    MS_TRY_ASSIGN(st, db.prepare("INSERT INTO context_models(key, trained_at, confirmed, "
                                 "dismissed, used, reason, model) VALUES (?,?,?,?,?,?,?)"));
    st.bind(1, "*").bind(2, m.trained_at).bind(3, m.model.confirmed());
    st.bind(4, m.model.dismissed()).bind(5, m.model.trained() ? 1 : 0).bind(6, "");
    st.bind(7, m.model.serialize());
    MS_TRY(st.run());
    for (const auto& [key, r] : m.rules) {
        st.reset();
        st.bind(1, key).bind(2, m.trained_at).bind(3, r.confirmed).bind(4, r.dismissed);
        st.bind(5, r.used ? 1 : 0).bind(6, r.reason).bind(7, "");
        MS_TRY(st.run());
    }
    return ok();
}

Result<RescoreStats> rescore_flags(Db& db, const Directory* dir, const LearnedModel* m) {
    MS_TRY_ASSIGN(sites, flag_sites(db, "status IN ('open','appealed','escalated')"));
    MS_TRY_ASSIGN(texts, MessageTexts::create(db, dir));
    RescoreStats stats;
    for (const auto& f : sites) {
        std::optional<double> score;
        if (m && m->used_for(f.rule)) {
            MS_TRY(texts.load(f.message_id));
            if (auto features = texts.features(f)) score = m->model.fp_probability(*features);
        }
        bool likely = score && *score >= k_likely_fp;
        MS_TRY(set_flag_score(db, f.id, score, likely));
        if (score) ++stats.scored;
        else ++stats.cleared;
        if (likely) ++stats.likely_fp;
    }
    return stats;
}

} // namespace ms
