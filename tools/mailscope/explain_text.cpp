#include "explain_text.hpp"

#include "mailscope/util/strings.hpp"

#include <algorithm>
#include <ostream>

namespace ms::cli {

namespace {

constexpr std::size_t k_width = 78;

std::string str(const Record& v) { return v.is_string() ? v.get<std::string>() : std::string(); }

// Words joined as "a, b and c".
std::string listing(const std::vector<std::string>& items, const char* last = " and ") {
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i)
        s += (i == 0 ? "" : i + 1 == items.size() ? last : ", ") + items[i];
    return s;
}

std::vector<std::string> strings(const Record& arr) {
    std::vector<std::string> v;
    for (const auto& x : arr) v.push_back(x.is_string() ? x.get<std::string>() : x.dump());
    return v;
}

// Prints `text` wrapped at spaces to k_width columns; the first line starts with `first`,
// the others with `rest`. Text without spaces (Chinese) stays on one line.
void wrap(std::ostream& out, const std::string& first, const std::string& rest,
          const std::string& text) {
    std::string line = first;
    std::size_t width = display_width(first);
    bool empty = true;
    for (const auto& word : split(text, ' ')) {
        if (word.empty()) continue;
        std::size_t w = display_width(word);
        if (!empty && width + 1 + w > k_width) {
            out << line << "\n";
            line = rest;
            width = display_width(rest);
            empty = true;
        }
        line += (empty ? "" : " ") + word;
        width += (empty ? 0 : 1) + w;
        empty = false;
    }
    out << line << "\n";
}

void heading(std::ostream& out, const std::string& title) {
    out << "\n" << title << "\n" << std::string(display_width(title), '-') << "\n";
}

void bullet(std::ostream& out, const std::string& text) { wrap(out, "  * ", "    ", text); }

std::string person_line(const Record& p) {
    return str(p["name"]) + " <" + str(p["address"]) + ">";
}

std::string names(const Record& people) {
    std::vector<std::string> v;
    for (const auto& p : people) v.push_back(person_line(p));
    return listing(v);
}

std::string days_text(const std::vector<std::string>& days) {
    static const char* const k_short[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    static const char* const k_long[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};
    std::vector<int> idx;
    for (const auto& d : days)
        for (int i = 0; i < 7; ++i)
            if (d == k_short[i]) idx.push_back(i);
    if (idx.size() == 7) return "every day";
    bool run = idx.size() >= 3;
    for (std::size_t i = 1; i < idx.size(); ++i) run = run && idx[i] == idx[i - 1] + 1;
    if (run) return std::string(k_long[idx.front()]) + " to " + k_long[idx.back()];
    std::vector<std::string> v;
    for (int i : idx) v.push_back(k_long[i]);
    return listing(v);
}

// Which of the person's sent mail a rule checks (its directions, seen from the sender).
const char* direction_phrase(const std::string& d) {
    if (d == "outbound") return "mail you send outside the company";
    if (d == "internal") return "mail you send within the company";
    if (d == "inbound") return "mail from your non-company addresses to the company";
    if (d == "external") return "mail from your non-company addresses to outside it";
    return nullptr;
}

std::string checks(const Record& dirs) {
    if (dirs.size() == 4) return "all mail you send";
    std::vector<std::string> v;
    for (const auto& d : strings(dirs))
        if (const char* phrase = direction_phrase(d)) v.emplace_back(phrase);
    return listing(v);
}

const char* action_phrase(const std::string& a) {
    if (a == "notify") return "compliance is notified";
    if (a == "retain") return "the message is retained (kept on hold)";
    return nullptr;
}

std::string actions_text(const Record& actions) {
    std::vector<std::string> v;
    for (const auto& a : strings(actions))
        if (const char* phrase = action_phrase(a)) v.emplace_back(phrase);
    return listing(v);
}

void person_section(std::ostream& out, const Record& r) {
    const Record& p = r["person"];
    heading(out, "Who you are");
    auto row = [&](const char* label, const std::string& value) {
        if (!value.empty()) wrap(out, fit_display(label, 16), std::string(16, ' '), value);
    };
    row("  Name", str(p["name"]));
    row("  Address", str(p["address"]));
    row("  Also yours", listing(strings(p["also"]), ", "));
    std::string dept = str(p["department_name"]);
    row("  Department", dept.empty() ? str(p["department"])
                                     : dept + " (" + str(p["department"]) + ")");
    row("  Role", str(p["role"]));
    row("  Title", str(p["title"]));
    row("  Organisation", str(r["organisation"]));
}

void checked_section(std::ostream& out, const Record& r) {
    const Record& p = r["person"];
    std::string domains = listing(strings(r["work_domains"]), ", ");
    heading(out, "Which mail is checked");
    std::vector<std::string> from{str(p["address"])};
    for (const auto& a : strings(p["also"])) from.push_back(a);
    std::size_t n = r["rules"].size();
    if (n == 0)
        bullet(out, "No rule of the phrase library checks the mail you send from " +
                        listing(from, " or ") + ".");
    else
        bullet(out, "Mail you send from " + listing(from, " or ") +
                        ", unless it is personal mail (see below), is checked against the " +
                        (n == 1 ? std::string("rule") : std::to_string(n) + " rules") +
                        " listed below under \"Rules that apply to you\".");
    bullet(out, "Each rule says which of your mail it checks. \"Outside the company\" is mail "
                "from a company address (" + domains + ") with at least one recipient outside "
                "those domains; \"within the company\" is mail whose recipients are all company "
                "addresses.");
    if (!p["also"].empty())
        bullet(out, "Mail from " + listing(strings(p["also"]), " or ") +
                        " counts as yours, but it is not company mail: rules for mail you send "
                        "outside or within the company do not check it.");
    bullet(out, "Mail you receive is checked against the rules for whoever sent it (their role "
                "and department), not against yours.");
    std::vector<std::string> quoted, forwarded;
    for (const auto& x : r["rules"]) {
        std::string id = str(x["policy"]) + "/" + str(x["rule"]);
        if (x["counts_quoted_lines"].get<bool>()) quoted.push_back(id);
        if (x["counts_forwarded_text"].get<bool>()) forwarded.push_back(id);
    }
    bullet(out, "Lines quoted with \">\" do not count" +
                    (quoted.empty() ? std::string() : " (except for " + listing(quoted) + ")") +
                    ", nor does the text below a forwarded or original-message marker" +
                    (forwarded.empty() ? std::string()
                                       : " (except for " + listing(forwarded) + ")") +
                    ".");
    bullet(out, "A term does not count when one of its rule's exceptions (a negation or "
                "reported speech, as the rule lists them) stands just before it on the same "
                "line.");
}

void hours_section(std::ostream& out, const Record& r) {
    const Record& h = r["working_hours"];
    const Record& s = r["scene_filter"];
    heading(out, "Working hours");
    wrap(out, "  ", "  ", days_text(strings(h["days"])) + ", " + str(h["start"]) + " to " +
                              str(h["end"]) + ", time zone " + str(h["time_zone"]) + ".");
    heading(out, "Personal mail (the scene filter)");
    wrap(out, "  ", "  ", "A message is personal, and is not checked, when all of these hold:");
    bullet(out, "it was sent outside the working hours above;");
    bullet(out, "exactly one of its parties (the sender and every recipient) is of the "
                "company: an address in " + listing(strings(r["work_domains"]), " or ") +
                    " (or a subdomain), or a person of the directory (a private address listed "
                    "for a person counts as that person);");
    bullet(out, "there is at least one other party, and none of them is a customer.");
    std::size_t customers = s["customers"].get<std::size_t>();
    wrap(out, "  ", "  ",
         "So mail with a customer (" + std::to_string(customers) +
             (customers == 1 ? " is" : " are") +
             " in the directory) is never personal, whatever the hour; nor is mail between two "
             "colleagues, mail from your company address to a private address the directory "
             "lists for you, or a message without a date.");
    wrap(out, "  ", "  ",
         "Personal mail is only counted. Managers never see it; a compliance officer sees a "
         "personal message only by unlocking it with a stated reason, which is recorded. You "
         "still see your own.");
}

void rules_section(std::ostream& out, const Record& r) {
    heading(out, "Rules that apply to you (" + std::to_string(r["rules"].size()) + ")");
    std::vector<std::string> pols;
    for (const auto& p : r["policies"]) pols.push_back(str(p["id"]) + " (" + str(p["name"]) + ")");
    wrap(out, "  ", "  ",
         pols.empty() ? std::string("The case has no policies yet: nothing is checked.")
                      : "From the policies " + listing(pols, ", ") + ".");
    if (r["rules"].empty() && !pols.empty())
        wrap(out, "  ", "  ", "None of their rules checks the mail you send.");
    const Record& cats = r["categories"];
    for (const char* tier : {"forbidden", "approval", "allowed"}) {
        bool first = true;
        for (const auto& c : cats) {
            if (str(c["tier"]) != tier) continue;
            if (first) {
                std::string t = tier;
                out << "\n";
                if (t == "forbidden")
                    wrap(out, "  ", "  ", "FORBIDDEN: must not be written; a finding is "
                                          "flagged for review.");
                else if (t == "approval")
                    wrap(out, "  ", "  ", "NEEDS APPROVAL: needs someone's approval; a finding "
                                          "is flagged for review.");
                else
                    wrap(out, "  ", "  ",
                         "ALLOWED: recorded as allowed, not as a violation; allowed wording "
                         "cancels a stricter finding it overlaps.");
                first = false;
            }
            std::string cat = str(c["category"]).empty() ? "(no category)" : str(c["category"]);
            out << "\n";
            wrap(out, "    ", "      ",
                 cat + " (" + std::to_string(c["rules"].size()) +
                     (c["rules"].size() == 1 ? " rule)" : " rules)"));
            for (const auto& x : r["rules"]) {
                if (str(x["tier"]) != tier || str(x["category"]) != str(c["category"])) continue;
                std::string desc = str(x["description"]);
                wrap(out, "      - ", "        ",
                     str(x["policy"]) + "/" + str(x["rule"]) + (desc.empty() ? "" : ": " + desc));
                std::string line = "Checks " + checks(x["directions"]) + ".";
                std::string acts = actions_text(x["actions"]);
                if (!acts.empty()) line += " When found, " + acts + ".";
                wrap(out, "        ", "        ", line);
            }
            std::string terms;
            if (!c["example_terms"].empty()) {
                std::size_t more = c["more_terms"].get<std::size_t>();
                terms = "Terms such as " + listing(strings(c["example_terms"]), more ? ", " : " and ");
                if (more) terms += " and " + std::to_string(more) + " more";
            }
            std::size_t patterns = c["patterns"].get<std::size_t>();
            if (patterns)
                terms += (terms.empty() ? "Matched by " : ", and ") + std::to_string(patterns) +
                         (patterns == 1 ? " pattern" : " patterns") + " of wording";
            if (!terms.empty()) wrap(out, "      ", "      ", terms + ".");
            if (c["example"].is_string())
                wrap(out, "      ", "      ", "For example: \"" + str(c["example"]) + "\"");
        }
    }
    const Record& others = r["other_rules"];
    if (others.empty()) return;
    // One line per reason: which roles or departments those rules are for.
    std::vector<std::pair<std::string, std::vector<std::string>>> why;
    for (const auto& x : others) {
        std::vector<std::string> parts;
        for (const char* key : {"departments", "roles"}) {
            auto v = strings(x[key]);
            std::string what = std::string(key) == "roles" ? "role" : "department";
            if (!v.empty())
                parts.push_back("the " + what + (v.size() == 1 ? " " : "s ") + listing(v, ", "));
        }
        std::string reason = listing(parts, "; ");
        auto it = std::find_if(why.begin(), why.end(), [&](auto& w) { return w.first == reason; });
        if (it == why.end()) it = why.insert(why.end(), {reason, {}});
        it->second.push_back(str(x["policy"]) + "/" + str(x["rule"]));
    }
    out << "\n";
    wrap(out, "  ", "  ",
         std::to_string(others.size()) + (others.size() == 1 ? " rule is" : " rules are") +
             " for other people and do not check your mail:");
    for (const auto& [reason, ids] : why)
        wrap(out, "  * ", "    ", "only for " + reason + ": " + listing(ids, ", ") + ".");
}

void visibility_section(std::ostream& out, const Record& r) {
    const Record& p = r["person"];
    std::string dept = str(p["department_name"]).empty() ? str(p["department"])
                                                          : str(p["department_name"]);
    heading(out, "Who can see your mail");
    std::string role = str(p["role"]);
    for (const auto& e : r["who_can_see"]) {
        std::string who = str(e["who"]);
        const Record& ps = e["people"];
        std::size_t n = ps.size();
        const char* s = n == 1 ? "s" : "";  // a verb's ending: "sees", "see"
        if (who == "managers") {
            std::string other = role == "manager" ? "other " : "";
            if (n == 0)
                bullet(out, "No " + other + "manager of " + dept + " is in the directory.");
            else
                bullet(out, "The " + other + (n == 1 ? "manager" : "managers") + " of " + dept +
                                ", " + names(ps) + ", see" + s +
                                " the department's mail (every message with a member of the "
                                "department among its sender and recipients, yours included) "
                                "and its flags, with personal data masked, and never personal "
                                "mail. To see one message unmasked a manager must unlock it "
                                "with a stated reason; the unlock is recorded and expires.");
        } else if (who == "other-managers") {
            bullet(out, "Managers of other departments see, masked in the same way, the mail "
                        "you exchange with people of their department.");
        } else if (who == "compliance") {
            std::string other = role == "compliance" ? "other " : "";
            if (n == 0)
                bullet(out, "No " + other + "compliance officer is in the directory.");
            else
                bullet(out, "The " + other +
                                (n == 1 ? "compliance officer " : "compliance officers ") +
                                names(ps) + " see" + s +
                                " all your mail except personal mail, unmasked, with its "
                                "flags, and decide" + s +
                                " on flags and appeals; a personal message only after "
                                "unlocking it with a stated reason.");
        } else if (who == "auditors" && n) {
            bullet(out, std::string(n == 1 ? "The auditor " : "The auditors ") + names(ps) +
                            " see" + s +
                            " no mail: they read the audit trail, who viewed what, when and "
                            "why.");
        } else if (who == "admins" && n) {
            bullet(out, std::string(n == 1 ? "The administrator " : "The administrators ") +
                            names(ps) + " see" + s +
                            " no mail: they install the directory and the policies.");
        }
    }
    bullet(out, "Every search (with its query), view, export and unlock is recorded in an audit "
                "trail that cannot be edited unnoticed. The case's owner may act as any of these "
                "people; that is recorded too.");
    std::string own = str(r["person_sees"]);
    std::string you =
        own == "own-sent"     ? "the mail you sent (from any of your addresses) and its flags "
                                "with their status, not who reviewed them nor who viewed your "
                                "mail"
        : own == "department" ? "your department's mail, masked, and its flags"
        : own == "all-but-personal" ? "all mail except personal mail, and its flags"
        : own == "audit-trail" ? "no mail; flag counts and the audit trail"
                               : "no mail";
    bullet(out, "You see " + you + ".");
}

void actions_section(std::ostream& out, const Record& r) {
    heading(out, "What you can do");
    auto may = strings(r["person_may"]);
    auto can = [&](const char* a) { return std::find(may.begin(), may.end(), a) != may.end(); };
    if (can("appeal"))
        bullet(out, "Contest a flag on mail you sent: `mailscope appeal FLAG --reason TEXT` "
                    "(your flags: `mailscope flags --mine`); compliance decides.");
    if (can("propose"))
        bullet(out, std::string("Propose adding or removing a term with `mailscope policy "
                                "propose`") +
                        (can("vote") ? ", and vote on the terms others propose." : "."));
    else if (can("vote"))
        bullet(out, "Vote on the terms others propose.");
    bullet(out, "Read this notice again at any time: `mailscope policy explain`.");
}

} // namespace

void explain_text(std::ostream& out, const Record& r) {
    std::string title = "What mailscope monitors for " + str(r["person"]["name"]);
    out << title << "\n" << std::string(display_width(title), '=') << "\n";
    person_section(out, r);
    checked_section(out, r);
    hours_section(out, r);
    rules_section(out, r);
    visibility_section(out, r);
    actions_section(out, r);
}

} // namespace ms::cli
