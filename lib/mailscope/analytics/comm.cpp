#include "mailscope/analytics/comm.hpp"

#include "mailscope/util/strings.hpp"

#include <algorithm>
#include <unordered_map>

namespace ms {

bool is_free_mail_domain(const std::string& domain) {
    // The big public services of China and the West; their users are unrelated people, so
    // each address is its own customer (mailscope-analytics(7)).
    static const char* const k_free[] = {
        "gmail.com",    "googlemail.com", "qq.com",       "foxmail.com", "163.com",
        "126.com",      "yeah.net",       "sina.com",     "sina.cn",     "sohu.com",
        "139.com",      "189.cn",         "wo.cn",        "aliyun.com",  "hotmail.com",
        "outlook.com",  "live.com",       "msn.com",      "yahoo.com",   "yahoo.com.cn",
        "yahoo.co.uk",  "ymail.com",      "aol.com",      "icloud.com",  "me.com",
        "mac.com",      "gmx.de",         "gmx.net",      "web.de",      "mail.ru",
        "yandex.ru",    "proton.me",      "protonmail.com", "zoho.com",  "tom.com",
        "21cn.com",     "vip.qq.com",     "vip.163.com",  "vip.sina.com", "hanmail.net",
        "naver.com",    "comcast.net",    "earthlink.net", "juno.com",   "netzero.net",
    };
    for (const char* f : k_free)
        if (domain == f) return true;
    return false;
}

Parties::Parties(const Directory* dir, std::vector<std::string> extra_work_domains)
    : m_dir(dir), m_extra(std::move(extra_work_domains)) {
    for (auto& d : m_extra) d = ascii_lower(d);
}

bool Parties::has_work_domains() const {
    return !m_extra.empty() || (m_dir && !m_dir->work_domains.empty());
}

bool Parties::is_work(const std::string& address) const {
    // A person's private addresses (`also`) are theirs, not a customer's: mail to one's own
    // gmail is internal, as the scene filter has it.
    if (m_dir && (m_dir->is_work_address(address) || m_dir->person(address))) return true;
    return !m_extra.empty() && in_domains(domain_of(address), m_extra);
}

std::string Parties::customer(const std::string& address) const {
    if (m_dir)
        if (const Customer* c = m_dir->customer(address)) return c->name;
    std::string d = domain_of(address);
    if (d.empty() || is_free_mail_domain(d)) return ascii_lower(address);
    return d;
}

void classify(CommMessage& m, const Parties& parties) {
    bool from_work = parties.is_work(m.from);
    bool any_work = false, any_outside = false;
    m.customers.clear();
    m.owner.clear();
    auto add_customer = [&](const std::string& a) {
        std::string c = parties.customer(a);
        if (std::find(m.customers.begin(), m.customers.end(), c) == m.customers.end())
            m.customers.push_back(std::move(c));
    };
    for (const auto* list : {&m.to, &m.cc})
        for (const auto& a : *list) {
            if (parties.is_work(a)) {
                any_work = true;
                if (m.owner.empty()) m.owner = a;
            } else {
                any_outside = true;
                if (from_work) add_customer(a);
            }
        }
    if (from_work) {
        m.dir = any_outside ? Direction::outbound : Direction::internal;
        m.owner.clear();
    }
    else if (any_work) {
        m.dir = Direction::inbound;
        add_customer(m.from);
    } else {
        m.dir = Direction::external;
    }
}

Result<CommModel> load_comm(Db& db, const Parties& parties, const KeepFn& keep) {
    CommModel model;
    std::vector<CommMessage> all;
    std::unordered_map<std::int64_t, std::size_t> at;
    MS_TRY_ASSIGN(st, db.prepare("SELECT id, date, coalesce(thread_id, id), message_id, "
                                 "in_reply_to, refs, subject, from_addr, has_attachment "
                                 "FROM messages WHERE date IS NOT NULL ORDER BY date, id"));
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        CommMessage m;
        m.id = st.int64(0);
        m.date = st.int64(1);
        m.thread = st.int64(2);
        m.message_id = st.text(3);
        for (const auto& p : split(st.text(4), ' '))
            if (!p.empty()) m.parents.push_back(p);
        auto refs = split(st.text(5), ' ');
        for (auto it = refs.rbegin(); it != refs.rend(); ++it)
            if (!it->empty() && std::find(m.parents.begin(), m.parents.end(), *it) == m.parents.end())
                m.parents.push_back(*it);
        m.subject = st.text(6);
        m.from = ascii_lower(st.text(7));
        m.has_attachment = st.int64(8) != 0;
        at[m.id] = all.size();
        all.push_back(std::move(m));
    }
    MS_TRY_ASSIGN(rc, db.prepare("SELECT message_id, kind, addr FROM recipients WHERE kind IN "
                                 "('to','cc','bcc') AND addr != '' ORDER BY message_id, position"));
    for (;;) {
        MS_TRY_ASSIGN(row, rc.step());
        if (!row) break;
        auto it = at.find(rc.int64(0));
        if (it == at.end()) continue;
        CommMessage& m = all[it->second];
        std::string kind = rc.text(1);
        (kind == "to" ? m.to : kind == "cc" ? m.cc : m.bcc).push_back(ascii_lower(rc.text(2)));
    }
    model.messages.reserve(all.size());
    for (auto& m : all) {
        classify(m, parties);
        if (keep && !keep(m)) continue;
        model.messages.push_back(std::move(m));
    }
    if (!model.messages.empty()) {
        model.first = model.messages.front().date;
        model.last = model.messages.back().date;
    }
    return model;
}

} // namespace ms
