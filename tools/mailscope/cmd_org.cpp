// mailscope org check|set: the case's directory (mailscope.toml, mailscope-directory(5)).
#include "cli.hpp"
#include "scope.hpp"

#include "mailscope/org/directory.hpp"
#include "mailscope/policy/config.hpp"
#include "mailscope/util/fs.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

// Prints every problem like a compiler ("file:line: message") and fails with their count.
Result<int> report_problems(const std::vector<FileProblem>& problems, const Error& e) {
    for (const auto& p : problems) std::cerr << format_problem(p) << "\n";
    if (problems.empty()) return fail(Error(e));
    return fail(Errc::bad_input, std::to_string(problems.size()) + " problem(s) found",
                "see mailscope-directory(5)");
}

// Who gained, lost or changed a role or department between two directories.
Record role_changes(const Directory* before, const Directory& after) {
    Record out = Record::array();
    auto entry = [](const Person* p) {
        return p ? std::string(role_name(p->role)) + "/" + p->department : std::string();
    };
    for (const auto& p : after.people) {
        const Person* old = before ? before->person(p.email) : nullptr;
        if (entry(old) == entry(&p)) continue;
        Record c;
        c["person"] = p.email;
        c["from"] = old ? Record(entry(old)) : Record();
        c["to"] = entry(&p);
        out.push_back(std::move(c));
    }
    if (before)
        for (const auto& p : before->people)
            if (!after.person(p.email)) {
                Record c;
                c["person"] = p.email;
                c["from"] = entry(&p);
                c["to"] = Record();
                out.push_back(std::move(c));
            }
    return out;
}

class OrgCommand final : public Command {
public:
    const char* name() const override { return "org"; }
    const char* summary() const override {
        return "Check or set the directory: people, departments, customers, hours";
    }
    bool takes_case() const override { return true; }
    Action action() const override { return Action::configure; }
    CaseNeed need() const override {
        return m_set && m_set->parsed() ? CaseNeed::read_write : CaseNeed::none;
    }
    bool user_files() const override { return !m_file.empty(); }

    void setup(CLI::App& app) override {
        app.require_subcommand(1);
        m_check = app.add_subcommand("check", "Validate a directory file (default: the case's)");
        m_check->add_option("FILE", m_file, "directory file (default: CASE/mailscope.toml)")
            ->type_name("FILE");
        m_set = app.add_subcommand("set", "Validate a directory file and make it the case's");
        m_set->add_option("FILE", m_file, "directory file to install")->required()->type_name(
            "FILE");
        // --case and --quiet belong to `org`; let them follow the subcommand too.
        m_check->fallthrough();
        m_set->fallthrough();
    }

    Result<int> run(Context& ctx) override {
        std::string file = m_file.empty() ? ctx.case_dir + "/" + k_directory_file : m_file;
        std::vector<FileProblem> problems;
        auto dir = load_directory(file, problems);
        if (!dir) return report_problems(problems, dir.error());
        if (m_set->parsed()) {
            MS_TRY_ASSIGN(bytes, read_file(m_file));
            // Role changes are what an auditor asks about: each is in the record.
            Record detail;
            detail["sha256"] = dir->sha256;
            detail["role_changes"] = role_changes(ctx.access->directory(), *dir);
            MS_TRY(audit(ctx, "org-set", m_file, "", detail));
            MS_TRY(write_file_atomic(ctx.case_dir + "/" + k_directory_file, bytes, 0600));
            std::cout << "directory set: " << ctx.case_dir << "/" << k_directory_file << "\n";
        }
        std::size_t managers = 0;
        for (const auto& p : dir->people)
            if (p.role == Role::manager) ++managers;
        std::cout << file << ": ok: " << dir->people.size() << " people (" << managers
                  << " managers), " << dir->departments.size() << " departments, "
                  << dir->customers.size() << " customers, " << dir->work_domains.size()
                  << " work domains, time zone " << dir->time_zone << "\n";
        return k_exit_ok;
    }

private:
    CLI::App* m_check = nullptr;
    CLI::App* m_set = nullptr;
    std::string m_file;
};

} // namespace

std::unique_ptr<Command> make_org_command() { return std::make_unique<OrgCommand>(); }

} // namespace ms::cli
