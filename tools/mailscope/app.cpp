// The dispatcher: parses the command line, opens the case a command needs, runs it, and turns
// an Error into a message on stderr and an exit code. The one last-resort catch lives here.
#include "cli.hpp"

#include "mailscope/util/privilege.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <grp.h>
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

// The real user decides who acts: a setgid binary never takes a name from the environment.
static std::string os_login() {
    if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
    if (const char* u = secure_getenv("USER"); u && !running_setgid()) return u;
    return "uid" + std::to_string(getuid());
}

#ifndef MAILSCOPE_SHARED_GROUP
#define MAILSCOPE_SHARED_GROUP "mailscope"
#endif

// The group `import --shared` gives the new case: the one the binary runs setgid to, else
// the configured one. Only root or a real member of it may create such a case; holding the
// group through the setgid binary does not count.
static Result<long> shared_group_for_create() {
    gid_t gid;
    std::string name;
    if (running_setgid()) {
        gid = setgid_group();
        const group* g = getgrgid(gid);
        name = g ? g->gr_name : std::to_string(gid);
    } else {
        const group* g = getgrnam(MAILSCOPE_SHARED_GROUP);
        if (!g)
            return fail(Errc::not_found,
                        std::string("--shared: no group '") + MAILSCOPE_SHARED_GROUP + "'",
                        "create it with `addgroup --system " MAILSCOPE_SHARED_GROUP
                        "` (the Debian package does)");
        gid = g->gr_gid;
        name = g->gr_name;
    }
    if (getuid() != 0 && !user_in_group(gid))
        return fail(Errc::permission,
                    "--shared: only root or a member of group '" + name +
                        "' may create a shared case",
                    "ask the administrator, or have them add you with `adduser YOU " + name + "`");
    return static_cast<long>(gid);
}

// A process that keeps the setgid group keeps little of the caller's environment: libraries
// read variables of their own (ICU_DATA, XAPIAN_*) that glibc's secure mode does not remove.
static void keep_safe_environment() {
    static const char* const k_keep[] = {"LANG", "LANGUAGE", "TERM", "USER", "LOGNAME",
                                         "NO_COLOR", "COLUMNS", "MAILSCOPE_CASE", "MAILSCOPE_AS"};
    std::vector<std::pair<std::string, std::string>> kept;
    for (char** e = environ; e && *e; ++e) {
        std::string kv(*e);
        auto eq = kv.find('=');
        if (eq == std::string::npos) continue;
        std::string k = kv.substr(0, eq);
        bool keep = k.rfind("LC_", 0) == 0;
        for (const char* n : k_keep) keep = keep || k == n;
        if (keep) kept.emplace_back(k, kv.substr(eq + 1));
    }
    clearenv();
    for (const auto& [k, v] : kept) setenv(k.c_str(), v.c_str(), 1);
}

// Multi-user mode (mailscope(1), MULTI-USER): decides, before anything is opened, whether
// this run keeps the setgid group. It does only for a command that opens no file the user
// named, on a shared case owned by someone else; then the case's real path is used from
// here on. Anything else gives the group up for good.
static Result<void> settle_privileges(Context& ctx, const Command& cmd) {
    if (!running_setgid()) return ok();
    std::string path;
    if (cmd.need() != CaseNeed::none) {
        // With the group: the case may lie in a folder only the group may pass through.
        MS_TRY(hold_setgid_group());
        auto p = shared_case_path(ctx.case_dir);
        if (!p) {
            MS_TRY(drop_setgid_group());
            return fail(std::move(p).error());
        }
        path = *p;
    }
    if (!path.empty() && cmd.user_files()) {
        MS_TRY(drop_setgid_group());
        const group* g = getgrgid(setgid_group());
        return fail(Errc::permission,
                    "`mailscope " + cmd.invocation() + "` reads files you name, so it runs with "
                    "your own rights, which do not reach the shared case " + path,
                    "ask the case's owner, or a member of group " +
                        (g ? std::string(g->gr_name) : std::to_string(setgid_group())) +
                        ", to run it (mailscope(1), MULTI-USER)");
    }
    if (path.empty()) return drop_setgid_group();
    ctx.case_dir = path;
    keep_safe_environment();
    return ok();
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

    long shared_group = -1;
    if (chosen->creates_shared()) {
        auto g = shared_group_for_create();
        if (!g) {
            print_error(g.error());
            return exit_code_of(g.error().code);
        }
        shared_group = *g;
    }
    if (auto settled = settle_privileges(ctx, *chosen); !settled) {
        print_error(settled.error());
        return exit_code_of(settled.error().code);
    }

    if (chosen->need() != CaseNeed::none) {
        CaseMode mode = chosen->need() == CaseNeed::read_only    ? CaseMode::read_only
                        : chosen->need() == CaseNeed::read_write ? CaseMode::read_write
                                                                 : CaseMode::create;
        auto c = Case::open(ctx.case_dir, mode, shared_group);
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
    // First of all: whether the binary runs setgid (multi-user mode) and to which group.
    init_privileges();
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
