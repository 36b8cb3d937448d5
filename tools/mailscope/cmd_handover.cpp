// mailscope handover: per-customer dossiers of a departing employee for their successor, as
// one PDF (a bookmark and a contents entry per customer), one PDF per customer (--split), or
// the dossier model as JSON Lines.
#include "analytics_view.hpp"
#include "cli.hpp"
#include "printer.hpp"
#include "scope.hpp"

#include "mailscope/analytics/excerpt.hpp"
#include "mailscope/report/dossier.hpp"
#include "mailscope/report/pdf.hpp"
#include "mailscope/source/source.hpp"
#include "mailscope/store/reader.hpp"
#include "mailscope/mime/message.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/privilege.hpp"
#include "mailscope/util/hash.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <iostream>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace ms::cli {

namespace {

// The customer key of "nothing starred": no mail has it, so nothing is selected.
constexpr const char* k_none = "\x01none";

std::string day(std::int64_t t) { return t ? iso8601_utc(t).substr(0, 10) : "-"; }

// A customer or attachment name as file name characters: letters, digits, ".-_@" and
// non-ASCII (mailscope-handover(1)); sanitize_filename then makes it path-safe.
std::string name_chars(const std::string& customer) {
    std::string out;
    for (char c : customer) {
        unsigned char u = static_cast<unsigned char>(c);
        out += (u >= 0x80 || std::isalnum(u) || c == '.' || c == '-' || c == '_' || c == '@') ? c : '_';
    }
    return out.empty() ? "customer" : out;
}

std::string file_name_for(const std::string& name) { return sanitize_filename(name_chars(name), "customer"); }

class HandoverCommand final : public Command {
public:
    const char* name() const override { return "handover"; }
    const char* alias() const override { return "handover-pdf"; }
    const char* summary() const override {
        return "Per-customer dossiers of an employee's mail for their successor (PDF or JSON)";
    }
    Action action() const override { return Action::read; }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        app.add_option("--employee", m_employee, "the departing employee: address, login or name")
            ->required()->type_name("PERSON");
        app.add_option("--customers", m_customers,
                       "starred (default: customers they starred mail of, or follow in the "
                       "directory), all, or a comma-separated list")->type_name("WHICH");
        app.add_option("--since", m_since, "only mail from this date (UTC)")->type_name("DATE");
        app.add_option("--as-of", m_as_of, "the moment open points are judged at (default: "
                                           "the last message)")->type_name("DATE");
        app.add_option("-o,--output", m_output, "the PDF file, or with --split a folder "
                                                "(JSON: a file; default standard output)")
            ->type_name("PATH");
        app.add_flag("--split", m_split, "one PDF per customer");
        app.add_flag("--attach", m_attach, "embed the documents the employee sent in the PDF");
        app.add_option("--font", m_font, std::string("a TrueType font for Chinese text (default ") +
                                             k_default_cjk_font + ")")->type_name("FILE");
        add_work_domain_option(app, m_opts);
        add_choice_option(app, "--format", m_format, {"pdf", "json"}, "output format (default pdf)",
                          "FORMAT");
    }

    Result<int> run(Context& ctx) override {
        const Directory* dir = ctx.access->directory();
        if (!dir)
            return fail(Errc::usage, "a handover needs the case's directory (who the employee is)",
                        "install one with mailscope org set FILE");
        if (m_format == 1 && (m_split || m_attach))
            return fail(Errc::usage, std::string(m_split ? "--split" : "--attach") + " is for PDF output",
                        "drop it, or leave out --format json");
        if (m_format == 0 && m_output.empty())
            return fail(Errc::usage, "where should the PDF go? give -o FILE (or -o FOLDER with --split)",
                        "e.g. mailscope handover --employee chen.jing -o handover.pdf");
        MS_TRY_ASSIGN(person, find_person(*dir, m_employee));
        MS_TRY_ASSIGN(view, load_view(ctx, m_opts));
        std::int64_t since = 0;
        DossierInput in;
        if (!m_since.empty()) { MS_TRY_ASSIGN(t, parse_when(ctx, m_since, false, "--since")); since = t; }
        if (!m_as_of.empty()) { MS_TRY_ASSIGN(t, parse_when(ctx, m_as_of, true, "--as-of")); in.as_of = t; }
        if (since) {
            std::vector<CommMessage> keep;
            for (auto& msg : view.model.messages)
                if (msg.date >= since) keep.push_back(std::move(msg));
            view.model.messages = std::move(keep);
            if (!view.model.messages.empty()) {
                view.model.first = view.model.messages.front().date;
                view.model.last = view.model.messages.back().date;
            }
        }
        in.parties = view.parties.get();
        in.employee.push_back(person->email);
        for (const auto& a : person->also) in.employee.push_back(a);
        in.utc_offset = [&](std::int64_t t) { return view.utc_offset(ctx, t); };
        MS_TRY_ASSIGN(customers, pick_customers(ctx, view, *person));
        in.customers = customers;
        std::set<std::int64_t> ids;
        for (const auto& msg : view.model.messages) ids.insert(msg.id);
        MS_TRY(load_flags(ctx, ids, in));
        MS_TRY(load_attachments(ctx, view, in));

        std::vector<Dossier> dossiers = build_dossiers(view.model, in);
        MS_TRY(fill_titles(ctx, view, dossiers));
        // pick_customers gives the one key k_none (never empty) when nothing is starred.
        bool none_starred = customers.size() == 1 && customers.front() == k_none;
        // Original files cannot be masked: --attach needs every document's message in the clear.
        if (m_attach)
            for (const auto& d : dossiers)
                for (const auto& doc : d.documents) {
                    auto v = view.vis.find(doc.message);
                    if (v == view.vis.end() || v->second != Visibility::masked) continue;
                    AuditRecord r;
                    r.action = "handover";
                    r.target = "employee:" + person->email;
                    r.outcome = "denied";
                    r.detail = "{\"attach\":true,\"masked_message\":" + std::to_string(doc.message) + "}";
                    MS_TRY(ctx.access->record(r));
                    return fail(Errc::permission,
                                "--attach would embed the original files of message " +
                                    std::to_string(doc.message) + ", which you see masked",
                                "leave out --attach, or unlock the message first: mailscope unlock " +
                                    std::to_string(doc.message) + " --reason TEXT");
                }
        mask(ctx, view, dossiers);
        Record detail;
        detail["customers"] = dossiers.size();
        detail["format"] = m_format == 0 ? "pdf" : "json";
        if (!m_output.empty()) detail["output"] = m_output;
        if (!m_customers.empty()) detail["selection"] = m_customers;
        // What can be checked before anything is written is checked before the audit record:
        // the font loads, the output's folder is there. The first document is kept for use.
        std::unique_ptr<PdfDocument> first;
        if (m_format == 0 && !dossiers.empty()) {
            UserRights user;  // the font and the output's folder as the user may see them
            MS_TRY(check_output());
            MS_TRY_ASSIGN(pdf, PdfDocument::create(m_font, 0));
            first = std::move(pdf);
        }
        MS_TRY(audit(ctx, "handover", "employee:" + person->email, "", detail));
        if (dossiers.empty()) {
            if (!ctx.quiet && none_starred)
                std::cerr << "mailscope: " << person->email << " starred no customer's mail and follows "
                                                               "none in the directory; use --customers all\n";
            else if (!ctx.quiet)
                std::cerr << "mailscope: no customer mail of " << person->email
                          << " in what you may see; nothing written\n";
            return k_exit_none;
        }
        // What is written is the user's: their own rights (never the mailscope group's in
        // multi-user mode), owner-only; the case is read through connections already open.
        UserRights user;
        if (m_format == 1) return write_json(ctx, view, *person, dossiers);
        return write_pdf(ctx, view, *person, dossiers, std::move(first));
    }

private:
    std::string m_employee, m_customers, m_since, m_as_of, m_output, m_font = k_default_cjk_font;
    bool m_split = false, m_attach = false;
    AnalyticsOptions m_opts;
    int m_format = 0;

    Result<std::vector<std::string>> pick_customers(Context& ctx, const AnalyticsView& view,
                                                    const Person& p) {
        std::vector<std::string> out;
        if (m_customers == "all") return out;  // empty: every customer they mailed
        if (!m_customers.empty() && m_customers != "starred") {
            for (const auto& name : split(m_customers, ',')) {
                std::string n(trim(name));
                if (n.empty()) continue;
                MS_TRY_ASSIGN(c, resolve_customer(view, n));
                out.push_back(c);
            }
            return out;
        }
        // Starred: the directory's starred_by, and customers of mail starred in their mailbox.
        std::set<std::string> set;
        const Directory& dir = *ctx.access->directory();
        for (const auto& c : dir.customers)
            for (const auto& who : c.starred_by)
                if (who == p.email || std::find(p.also.begin(), p.also.end(), who) != p.also.end())
                    set.insert(c.name);
        std::string local = p.email.substr(0, p.email.find('@'));
        MS_TRY_ASSIGN(st, ctx.kase->db().prepare(
                              "SELECT DISTINCT message_id FROM locations WHERE (flags & ?) != 0 "
                              "AND custodian IN (?, ?, ?)"));
        st.bind(1, static_cast<std::int64_t>(k_flag_starred)).bind(2, p.login).bind(3, p.email).bind(4, local);
        std::set<std::int64_t> starred;
        for (;;) {
            MS_TRY_ASSIGN(row, st.step());
            if (!row) break;
            starred.insert(st.int64(0));
        }
        for (const auto& m : view.model.messages)
            if (starred.count(m.id))
                for (const auto& c : m.customers) set.insert(c);
        out.assign(set.begin(), set.end());
        if (out.empty()) out.push_back(k_none);  // a key no mail has: nothing selected
        return out;
    }

    Result<void> load_flags(Context& ctx, const std::set<std::int64_t>& ids, DossierInput& in) {
        MS_TRY_ASSIGN(st, ctx.kase->db().prepare(
                              "SELECT DISTINCT message_id, rule, tier, category FROM flags ORDER BY message_id"));
        for (;;) {
            MS_TRY_ASSIGN(row, st.step());
            if (!row) break;
            std::int64_t id = st.int64(0);
            if (ids.count(id)) in.flags[id].push_back({st.text(1), st.text(2), st.text(3)});
        }
        return ok();
    }

    Result<void> load_attachments(Context& ctx, const AnalyticsView& view, DossierInput& in) {
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        std::set<std::string> me(in.employee.begin(), in.employee.end());
        for (const auto& m : view.model.messages) {
            if (!m.has_attachment || !me.count(m.from)) continue;
            MS_TRY_ASSIGN(s, reader.summary(m.id, Detail::index));
            for (const auto& a : s.attachments)
                if (!a.is_inline || !a.filename.empty())
                    in.attachments[m.id].push_back(
                        {a.filename.empty() ? a.part : a.filename, a.content_type, a.sha256, a.size});
        }
        return ok();
    }

    // Each contact's job title from the latest of their mails whose signature gives one
    // (looking back at most 20 mails: many replies are signed with a first name only).
    Result<void> fill_titles(Context& ctx, const AnalyticsView& view, std::vector<Dossier>& ds) {
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        std::map<std::string, std::vector<std::int64_t>> sent;  // address -> ids, newest last
        for (const auto& m : view.model.messages) sent[m.from].push_back(m.id);
        for (auto& d : ds)
            for (auto& c : d.contacts) {
                auto it = sent.find(c.address);
                if (it == sent.end()) continue;
                int looked = 0;
                for (auto id = it->second.rbegin(); id != it->second.rend() && looked < 20 && c.title.empty();
                     ++id, ++looked) {
                    MS_TRY_ASSIGN(texts, reader.texts(*id));
                    for (const auto& f : texts)
                        if (f.name == "body") c.title = view.text(ctx, *id, signature_title(f.text));
                }
            }
        return ok();
    }

    void mask(const Context& ctx, const AnalyticsView& view, std::vector<Dossier>& ds) {
        if (!view.any_masked) return;
        for (auto& d : ds) {
            d.customer = view.party(ctx, d.customer);
            for (auto& c : d.contacts) c.address = view.party(ctx, c.address);
            for (auto& e : d.events) e.summary = view.text(ctx, e.message, e.summary);
            for (auto& doc : d.documents) doc.file.filename = view.text(ctx, doc.message, doc.file.filename);
            for (auto& o : d.open_points) o.summary = view.text(ctx, o.message, o.summary);
        }
    }

    std::string who(const Context& ctx, const std::string& addr) const {
        const Person* p = ctx.access->directory()->person(addr);
        return p ? p->name + " <" + addr + ">" : addr;
    }

    static std::string dur(const Summary& s) {
        if (!s.count) return "-";
        return "median " + human_duration(s.median) + ", mean " + human_duration(s.mean) + " (" +
               std::to_string(s.count) + ")";
    }

    std::string marker(const Context& ctx, const AnalyticsView& view) const {
        return view.any_masked ? "masked view (" + ctx.access->viewer().role_name() +
                                     "): personal data is masked"
                               : "unmasked view (" + ctx.access->viewer().role_name() +
                                     "): this handover is recorded in the audit trail";
    }

    // The files --attach embeds, written to a private folder that goes with this object.
    struct Attachments {
        std::string dir;
        std::set<std::string> names;
        std::map<std::string, std::string> as;  // sha256 -> the name it is embedded under
        ~Attachments() {
            if (dir.empty()) return;
            for (const auto& n : names) ::unlink((dir + "/" + n).c_str());
            ::rmdir(dir.c_str());
        }
    };

    void render(PdfDocument& pdf, const Context& ctx, const Dossier& d, const Attachments& files) {
        pdf.chapter(d.customer);
        pdf.heading("Profile / 客户概况");
        pdf.paragraph("Organisation: " + d.customer);
        pdf.paragraph("First contact: " + day(d.first) + "    last contact: " + day(d.last));
        pdf.paragraph("Mail: " + std::to_string(d.inbound) + " from them, " +
                      std::to_string(d.outbound) + " to them");
        std::string contacts;
        for (const auto& c : d.contacts)
            contacts += (contacts.empty() ? "" : "; ") + c.address + " (" + std::to_string(c.messages) + ")" +
                        (c.title.empty() ? "" : ", " + c.title);
        pdf.paragraph("Contacts: " + (contacts.empty() ? "-" : contacts));
        std::string months;
        for (const auto& [m, v] : d.months)
            months += (months.empty() ? "" : "; ") + m + ": " + std::to_string(v.inbound) + " in / " +
                      std::to_string(v.outbound) + " out";
        pdf.paragraph("Volume per month: " + months);
        pdf.paragraph("Our first reply: " + dur(d.our_reply));
        pdf.paragraph("Their reply: " + dur(d.their_reply));
        std::string col;
        for (const auto& c : d.colleagues) col += (col.empty() ? "" : "; ") + who(ctx, c);
        pdf.paragraph("Colleagues involved: " + (col.empty() ? "-" : col));

        pdf.heading("Timeline / 往来记录");
        if (d.events.empty()) pdf.paragraph("-");
        for (const auto& e : d.events)
            pdf.paragraph(day(e.date) + "  " + e.kind + "  #" + std::to_string(e.message) + "  " + e.summary);

        pdf.heading("Proposals and documents / 方案与文件");
        if (d.documents.empty()) pdf.paragraph("-");
        for (const auto& doc : d.documents) {
            pdf.paragraph(day(doc.date) + "  #" + std::to_string(doc.message) + "  " + doc.file.filename +
                          "  (" + doc.file.content_type + ", " + human_bytes(doc.file.size) + ")");
            auto as = files.as.find(doc.file.sha256);
            pdf.paragraph("sha256 " + doc.file.sha256 +
                              (as == files.as.end() ? "" : "  · embedded as " + as->second),
                          7.5, 18);
        }

        pdf.heading("Open points / 待办事项");
        if (d.open_points.empty()) pdf.paragraph("-");
        for (const auto& o : d.open_points)
            pdf.paragraph(day(o.date) + "  " + o.kind + "  #" + std::to_string(o.message) + "  " + o.summary);
    }

    void dress(PdfDocument& pdf, const Context& ctx, const AnalyticsView& view, const Person& p,
               const std::string& title) const {
        pdf.set_info(title, ctx.access->viewer().person_id().empty() ? ctx.access->viewer().login
                                                                     : ctx.access->viewer().person_id());
        pdf.set_header("mailscope handover · " + p.name + " <" + p.email + "> · " + marker(ctx, view));
    }

    Result<std::unique_ptr<PdfDocument>> start(const Context& ctx, const AnalyticsView& view,
                                               const Person& p, const std::string& title) {
        MS_TRY_ASSIGN(pdf, PdfDocument::create(m_font, 0));
        dress(*pdf, ctx, view, p, title);
        return pdf;
    }

    // Writes the documents of `d` the employee sent into the private folder of `files`;
    // attach() embeds them all at once.
    Result<void> collect(Context& ctx, const Dossier& d, Attachments& files) {
        if (!m_attach || d.documents.empty()) return ok();
        if (files.dir.empty()) {
            const char* tmpdir = std::getenv("TMPDIR");
            std::string tmpl = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/mailscope-attach-XXXXXX";
            if (!::mkdtemp(tmpl.data()))
                return fail(Errc::io, tmpl + ": cannot create a temporary folder: " + std::strerror(errno),
                            "set TMPDIR to a writable folder");
            files.dir = tmpl;
        }
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        ParseLimits keep;
        keep.keep_attachment_bytes = true;
        std::int64_t parsed_id = 0;
        Message parsed;
        for (const auto& doc : d.documents) {
            if (doc.message != parsed_id) {
                MS_TRY_ASSIGN(raw, reader.raw(doc.message));
                auto m = parse_message(raw, keep);
                if (!m) return fail(Errc::bad_input, "message " + std::to_string(doc.message) + ": " + m.error().message);
                parsed = std::move(*m);
                parsed_id = doc.message;
            }
            for (const auto& a : parsed.attachments) {
                if (to_hex(a.sha256) != doc.file.sha256) continue;
                // The file's name in the PDF; the message id keeps two files of one name apart.
                // PDF viewers read embedded file names as PDFDocEncoding, not UTF-8: a name
                // that is not ASCII is embedded as doc-MESSAGE-HASH.EXT (the dossier says so).
                std::string name = file_name_for(doc.file.filename);
                bool ascii = std::all_of(name.begin(), name.end(),
                                         [](char c) { return static_cast<unsigned char>(c) < 0x80; });
                if (!ascii) {
                    std::size_t dot = name.rfind('.');
                    std::string ext = dot == std::string::npos ? "" : name.substr(dot);
                    if (!std::all_of(ext.begin(), ext.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
                        ext.clear();
                    name = "doc-" + std::to_string(doc.message) + "-" + doc.file.sha256.substr(0, 8) + ext;
                }
                if (files.names.count(name)) name = std::to_string(doc.message) + "-" + name;
                if (files.names.count(name)) break;  // the same file again
                MS_TRY_ASSIGN(written, write_file_in(files.dir, name, a.data, OnExisting::fail));
                name = written;
                files.names.insert(name);
                files.as[doc.file.sha256] = name;
                break;
            }
        }
        return ok();
    }

    static Result<void> attach(PdfDocument& pdf, const Attachments& files) {
        if (files.names.empty()) return ok();
        return pdf.attach_files(files.dir, std::vector<std::string>(files.names.begin(), files.names.end()));
    }

    // The folder the PDF (or with --split, the folder of PDFs) goes into must exist.
    Result<void> check_output() const {
        std::string out = m_output;
        while (out.size() > 1 && out.back() == '/') out.pop_back();
        std::size_t slash = out.rfind('/');
        std::string parent = slash == std::string::npos ? "." : slash == 0 ? "/" : out.substr(0, slash);
        struct stat st {};
        if (::stat(parent.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
            return fail(Errc::not_found, m_output + ": the folder " + parent + " does not exist",
                        "create it first, or write somewhere else with -o");
        if (!m_split && ::stat(out.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
            return fail(Errc::usage, m_output + " is a folder", "give a file name, or add --split for one PDF per customer");
        return ok();
    }

    Result<int> write_pdf(Context& ctx, const AnalyticsView& view, const Person& p,
                          const std::vector<Dossier>& ds, std::unique_ptr<PdfDocument> first) {
        std::string title = "Handover / 工作交接: " + p.name;
        auto next = [&](const std::string& t) -> Result<std::unique_ptr<PdfDocument>> {
            if (first) {
                dress(*first, ctx, view, p, t);
                return std::move(first);
            }
            return start(ctx, view, p, t);
        };
        if (!m_split) {
            MS_TRY_ASSIGN(pdf, next(title));
            pdf->contents_page("Customers / 客户 (" + std::to_string(ds.size()) + ")");
            Attachments files;
            for (const auto& d : ds) {
                MS_TRY(collect(ctx, d, files));
                render(*pdf, ctx, d, files);
            }
            MS_TRY(attach(*pdf, files));
            pdf->finish_contents();
            MS_TRY(pdf->save(m_output));
            if (!ctx.quiet)
                std::cerr << "wrote " << m_output << ": " << ds.size()
                          << (ds.size() == 1 ? " customer, " : " customers, ") << pdf->pages()
                          << (pdf->pages() == 1 ? " page\n" : " pages\n");
            return k_exit_ok;
        }
        if (::mkdir(m_output.c_str(), 0700) != 0 && errno != EEXIST)
            return fail(Errc::io, m_output + ": cannot create the folder: " + std::strerror(errno));
        for (const auto& d : ds) {
            MS_TRY_ASSIGN(pdf, next(title + " · " + d.customer));
            Attachments files;
            MS_TRY(collect(ctx, d, files));
            render(*pdf, ctx, d, files);
            MS_TRY(attach(*pdf, files));
            pdf->finish_contents();
            MS_TRY_ASSIGN(path, safe_child_path(m_output, name_chars(d.customer) + ".pdf"));
            MS_TRY(pdf->save(path));
            if (!ctx.quiet)
                std::cerr << "wrote " << path << ": " << pdf->pages() << (pdf->pages() == 1 ? " page\n" : " pages\n");
        }
        return k_exit_ok;
    }

    Result<int> write_json(Context& ctx, const AnalyticsView& view, const Person& p,
                           const std::vector<Dossier>& ds) {
        std::ostringstream buf;
        auto printer = Printer::make(OutputFormat::json, buf, {}, nullptr);
        for (const auto& d : ds) {
            Record r;
            r["employee"] = p.email;
            r["view"] = view.any_masked ? "masked" : "unmasked";
            r["customer"] = d.customer;
            r["first"] = d.first ? Record(iso8601_utc(d.first)) : Record();
            r["last"] = d.last ? Record(iso8601_utc(d.last)) : Record();
            r["inbound"] = d.inbound;
            r["outbound"] = d.outbound;
            Record months = Record::object();
            for (const auto& [m, v] : d.months) months[m] = {{"inbound", v.inbound}, {"outbound", v.outbound}};
            r["months"] = months;
            auto summary = [](const Summary& s) {
                return Record{{"count", s.count},
                              {"median_s", s.count ? Record(std::llround(s.median)) : Record()},
                              {"mean_s", s.count ? Record(std::llround(s.mean)) : Record()}};
            };
            r["our_reply"] = summary(d.our_reply);
            r["their_reply"] = summary(d.their_reply);
            Record contacts = Record::array();
            for (const auto& c : d.contacts) contacts.push_back({{"address", c.address}, {"messages", c.messages}, {"title", c.title}});
            r["contacts"] = contacts;
            r["colleagues"] = d.colleagues;
            Record events = Record::array();
            for (const auto& e : d.events)
                events.push_back({{"date", iso8601_utc(e.date)}, {"message", e.message}, {"kind", e.kind},
                                  {"summary", e.summary}});
            r["events"] = events;
            Record docs = Record::array();
            for (const auto& doc : d.documents)
                docs.push_back({{"date", iso8601_utc(doc.date)}, {"message", doc.message},
                                {"filename", doc.file.filename}, {"content_type", doc.file.content_type},
                                {"size", doc.file.size}, {"sha256", doc.file.sha256}});
            r["documents"] = docs;
            Record open = Record::array();
            for (const auto& o : d.open_points)
                open.push_back({{"date", iso8601_utc(o.date)}, {"message", o.message}, {"kind", o.kind},
                                {"summary", o.summary}});
            r["open_points"] = open;
            printer->record(r);
        }
        printer->finish();
        if (m_output.empty() || m_output == "-") {
            std::cout << buf.str();
            return k_exit_ok;
        }
        MS_TRY(write_file_atomic(m_output, buf.str(), 0600));
        return k_exit_ok;
    }
};

} // namespace

std::unique_ptr<Command> make_handover_command() { return std::make_unique<HandoverCommand>(); }

} // namespace ms::cli
