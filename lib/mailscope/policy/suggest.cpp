#include "mailscope/policy/suggest.hpp"

#include "mailscope/util/strings.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace ms {

namespace {

bool han(char32_t c) { return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF); }

// The last `chars` characters of `s`, lower-cased (ASCII), whitespace runs as one space.
std::string window(const std::string& s, int chars) {
    std::vector<std::pair<std::size_t, std::size_t>> cps;  // byte spans of code points
    for (std::size_t i = 0; i < s.size();) {
        std::size_t a = i;
        next_code_point(s, i);
        cps.emplace_back(a, i);
    }
    std::size_t from = cps.size() > static_cast<std::size_t>(chars) ? cps.size() - chars : 0;
    // A word the cut splits is not a word of the window.
    auto ascii_word = [&](std::size_t k) {
        return cps[k].second - cps[k].first == 1 && (std::isalnum(static_cast<unsigned char>(s[cps[k].first])) || s[cps[k].first] == '\'');
    };
    if (from > 0 && ascii_word(from - 1))
        while (from < cps.size() && ascii_word(from)) ++from;
    std::string out;
    for (std::size_t k = from; k < cps.size(); ++k) {
        std::string_view cp(s.data() + cps[k].first, cps[k].second - cps[k].first);
        bool space = cp == " " || cp == "\t" || cp == "\r";
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += ascii_lower(cp);
        }
    }
    return out;
}

const std::set<std::string>& stop_words() {
    static const std::set<std::string> k{
        "the",  "and",  "for",  "with", "that", "this", "from", "your", "our",  "you",
        "we",   "have", "will", "are",  "was",  "were", "been", "their", "they", "them",
        "his",  "her",  "its",  "into", "onto", "about", "than", "then", "there", "here",
        "what", "which", "who", "also", "just", "very", "such", "some", "any",  "all"};
    return k;
}

// Candidate phrases in a window: runs of 1-3 English words, 2-6 Chinese characters.
std::set<std::string> candidates(const std::string& w) {
    std::set<std::string> out;
    // English words.
    std::vector<std::string> words;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) words.push_back(cur);
        cur.clear();
    };
    std::vector<std::u32string> han_runs;
    std::u32string run;
    for (std::size_t i = 0; i < w.size();) {
        char32_t c = next_code_point(w, i);
        if (c < 0x80 && (std::isalnum(static_cast<int>(c)) || c == '\'')) cur += static_cast<char>(c);
        else flush();
        if (han(c)) run += c;
        else if (!run.empty()) {
            han_runs.push_back(run);
            run.clear();
        }
    }
    flush();
    if (!run.empty()) han_runs.push_back(run);
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::string p;
        for (std::size_t n = 0; n < 3 && i + n < words.size(); ++n) {
            p += (n ? " " : "") + words[i + n];
            bool weak = n == 0 && (p.size() < 4 || stop_words().count(p));
            bool numeric = std::all_of(p.begin(), p.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == ' '; });
            if (!weak && !numeric) out.insert(p);
        }
    }
    for (const auto& r : han_runs)
        for (std::size_t i = 0; i < r.size(); ++i)
            for (std::size_t n = 2; n <= 6 && i + n <= r.size(); ++n) {
                std::string p;
                for (char32_t c : r.substr(i, n)) {
                    // UTF-8 of a BMP Han character: three bytes.
                    p += static_cast<char>(0xE0 | (c >> 12));
                    p += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
                    p += static_cast<char>(0x80 | (c & 0x3F));
                }
                out.insert(p);
            }
    return out;
}

// Whether `phrase` occurs in `w` on word edges (Chinese phrases: anywhere).
bool occurs(const std::string& w, const std::string& phrase) {
    for (std::size_t at = w.find(phrase); at != std::string::npos; at = w.find(phrase, at + 1)) {
        auto word = [&](std::size_t i) {
            unsigned char c = static_cast<unsigned char>(w[i]);
            return std::isalnum(c) != 0 || c == '\'';
        };
        bool ascii_edges = std::isalnum(static_cast<unsigned char>(phrase.front())) != 0;
        if (!ascii_edges) return true;
        bool left = at == 0 || !word(at - 1);
        bool right = at + phrase.size() >= w.size() || !word(at + phrase.size());
        if (left && right) return true;
    }
    return false;
}

} // namespace

std::vector<ExceptionSuggestion> suggest_exceptions(const RuleSet& rules,
                                                    const std::vector<LabelledHit>& decisions,
                                                    const std::vector<LabelledHit>& examples,
                                                    int min_support) {
    std::map<std::string, const Rule*> by_key;
    for (const Rule& r : rules.rules()) by_key[rule_key(r.policy, r.id)] = &r;
    std::map<std::string, std::vector<const LabelledHit*>> dismissed, must_find;
    for (const auto& d : decisions) (d.positive ? must_find : dismissed)[d.rule].push_back(&d);
    for (const auto& e : examples)
        if (e.positive) must_find[e.rule].push_back(&e);

    std::vector<ExceptionSuggestion> out;
    for (const auto& [key, hits] : dismissed) {
        auto rit = by_key.find(key);
        if (rit == by_key.end()) continue;  // a rule no longer in the policies
        const Rule& rule = *rit->second;
        std::set<std::string> existing;
        for (const auto& e : rule.exceptions) existing.insert(ascii_lower(e));
        int win = rule.exception_window;
        std::map<std::string, std::vector<std::int64_t>> covers;
        for (const LabelledHit* h : hits) {
            std::string w = window(h->before, win);
            for (const auto& c : candidates(w)) covers[c].push_back(h->flag_id);
        }
        std::vector<ExceptionSuggestion> mine;
        for (auto& [phrase, ids] : covers) {
            if (static_cast<int>(ids.size()) < min_support || existing.count(phrase)) continue;
            bool hurts = false;
            for (const LabelledHit* m : must_find[key]) {
                // A longer window for must-find hits: the phrase must not stand anywhere near.
                if (occurs(window(m->before, win + static_cast<int>(phrase.size())), phrase)) {
                    hurts = true;
                    break;
                }
            }
            if (!hurts) mine.push_back({key, phrase, ids});
        }
        // Drop a phrase inside a longer one that silences the same flags.
        std::vector<ExceptionSuggestion> kept;
        for (const auto& s : mine) {
            bool shadowed = false;
            for (const auto& t : mine)
                if (t.phrase.size() > s.phrase.size() && t.dismissed == s.dismissed &&
                    t.phrase.find(s.phrase) != std::string::npos)
                    shadowed = true;
            if (!shadowed) kept.push_back(s);
        }
        // Phrases that silence exactly the same flags are one suggestion: the longest.
        std::map<std::vector<std::int64_t>, ExceptionSuggestion> by_flags;
        for (auto& s : kept) {
            auto [it, fresh] = by_flags.emplace(s.dismissed, s);
            if (!fresh && (s.phrase.size() > it->second.phrase.size() ||
                           (s.phrase.size() == it->second.phrase.size() &&
                            s.phrase < it->second.phrase)))
                it->second = s;
        }
        for (auto& [flags, s] : by_flags) out.push_back(std::move(s));
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        if (a.dismissed.size() != b.dismissed.size()) return a.dismissed.size() > b.dismissed.size();
        if (a.rule != b.rule) return a.rule < b.rule;
        if (a.phrase.size() != b.phrase.size()) return a.phrase.size() > b.phrase.size();
        return a.phrase < b.phrase;
    });
    return out;
}

} // namespace ms
