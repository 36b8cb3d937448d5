// The dispatcher: parses the command line, opens the case a command needs, runs it, and turns
// an Error into a message on stderr and an exit code. The one last-resort catch lives here.
#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ms::cli {

std::string version_string() { return std::string("mailscope ") + MAILSCOPE_VERSION; }

void add_case_option(CLI::App& app, std::string& dir) {
    // MAILSCOPE_CASE is applied by the dispatcher: CLI11's envname on an option shared by
    // every subcommand would let the environment override an explicit --case.
    app.add_option("-C,--case", dir, "case directory (default: $MAILSCOPE_CASE or ./mailscope-case)")
        ->type_name("DIR");
}

void add_as_option(CLI::App& app, std::string& as) {
    app.add_option("--as", as,
                   "act as this person of the directory (case owner only; audited; default: "
                   "$MAILSCOPE_AS)")
        ->type_name("PERSON");
}

void add_choice_option(CLI::App& app, const std::string& name, int& index,
                       const std::vector<std::string>& choices, const std::string& help,
                       const std::string& type_name) {
    app.add_option_function<std::string>(
           name,
           [&index, choices](const std::string& v) {
               for (std::size_t i = 0; i < choices.size(); ++i)
                   if (v == choices[i]) index = static_cast<int>(i);
           },
           help)
        ->check(CLI::IsMember(choices))
        ->type_name(type_name);
}

void add_format_option(CLI::App& app, OutputFormat& fmt, const char* name) {
    app.add_option_function<std::string>(
           name,
           [&fmt](const std::string& v) {
               fmt = v == "json" ? OutputFormat::json
                     : v == "csv" ? OutputFormat::csv
                                  : OutputFormat::text;
           },
           "output format: text, json (JSON Lines) or csv")
        ->check(CLI::IsMember({"text", "json", "csv"}))
        ->type_name("FORMAT");
}

static std::string os_login() {
    if (const passwd* pw = getpwuid(geteuid())) return pw->pw_name;
    if (const char* u = std::getenv("USER")) return u;
    return "uid" + std::to_string(geteuid());
}

static void print_error(const Error& e) {
    std::cerr << "mailscope: error: " << e.message << "\n";
    if (!e.hint.empty()) std::cerr << "  hint: " << e.hint << "\n";
}

static int dispatch(int argc, char** argv) {
    CLI::App app{"mailscope: import mailboxes into a case, search them, check them and hand "
                 "them over.",
                 "mailscope"};
    app.set_version_flag("-V,--version", version_string());
    app.require_subcommand(0, 1);
    app.footer("Run `mailscope help COMMAND` for a command's manual page.\n"
               "Exit status: 0 ok (search: found), 1 nothing found, 2 error, 3 partial, "
               "4 permission denied.");

    Context ctx;
    std::string case_dir, as;
    bool quiet = false;
    app.add_flag("-q,--quiet", quiet, "no progress output");

    auto commands = make_commands();
    std::vector<std::pair<CLI::App*, Command*>> subs;
    for (auto& cmd : commands) {
        CLI::App* sub = app.add_subcommand(cmd->name(), cmd->summary());
        if (cmd->hidden()) sub->group("");
        if (cmd->alias()) sub->alias(cmd->alias());
        if (cmd->takes_case()) {
            add_case_option(*sub, case_dir);
            add_as_option(*sub, as);
        }
        sub->add_flag("-q,--quiet", quiet, "no progress output");
        cmd->setup(*sub);
        subs.emplace_back(sub, cmd.get());
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? k_exit_ok : k_exit_error;
    }

    Command* chosen = nullptr;
    for (auto& [sub, cmd] : subs)
        if (sub->parsed()) chosen = cmd;
    if (!chosen) {
        std::cout << app.help();
        return k_exit_error;
    }

    ctx.quiet = quiet;
    ctx.app = &app;
    ctx.progress = !quiet && isatty(STDERR_FILENO);
    ctx.actor = os_login();
    for (int i = 0; i < argc; ++i) ctx.command_line += (i ? " " : "") + std::string(argv[i]);
    if (case_dir.empty())
        if (const char* env = std::getenv("MAILSCOPE_CASE"); env && *env) case_dir = env;
    ctx.case_dir = case_dir.empty() ? "mailscope-case" : case_dir;

    if (chosen->need() != CaseNeed::none) {
        CaseMode mode = chosen->need() == CaseNeed::read_only    ? CaseMode::read_only
                        : chosen->need() == CaseNeed::read_write ? CaseMode::read_write
                                                                 : CaseMode::create;
        auto c = Case::open(ctx.case_dir, mode);
        if (!c) {
            print_error(c.error());
            return exit_code_of(c.error().code);
        }
        ctx.kase = std::move(*c);
        const char* env = std::getenv("MAILSCOPE_AS");
        auto access = Access::open(ctx.case_dir, ctx.actor, as, env ? env : "");
        if (!access) {
            print_error(access.error());
            return exit_code_of(access.error().code);
        }
        ctx.access = std::move(*access);
        if (auto allowed = ctx.access->require(chosen->action(), chosen->invocation()); !allowed) {
            print_error(allowed.error());
            return exit_code_of(allowed.error().code);
        }
    }

    auto r = chosen->run(ctx);
    std::cout.flush();
    if (!r) {
        print_error(r.error());
        return exit_code_of(r.error().code);
    }
    return *r;
}

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    // Everything mailscope writes (case files, the index, exports) holds personal data:
    // owner-only, whatever the caller's umask.
    umask(077);
    try {
        return dispatch(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "mailscope: internal error: " << e.what() << "\n"
                  << "  hint: this is a bug; please report it with the command that caused it\n";
        return k_exit_error;
    }
}

} // namespace ms::cli
