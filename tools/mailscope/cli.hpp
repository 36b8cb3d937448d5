// The command table and what every command gets from the dispatcher.
#pragma once

#include "mailscope/access/access.hpp"
#include "mailscope/store/case.hpp"
#include "mailscope/util/error.hpp"

#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace ms::cli {

enum class OutputFormat { text, json, csv };

// What a command needs opened before it runs; the dispatcher opens it once.
enum class CaseNeed { none, read_only, read_write, create };

// Exit codes (mailscope(1), EXIT STATUS): search follows grep.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_none = 1;     // search/export: nothing matched
inline constexpr int k_exit_error = 2;
inline constexpr int k_exit_partial = 3;  // some items failed and were reported
inline constexpr int k_exit_denied = 4;

struct Context {
    std::string case_dir;
    std::unique_ptr<Case> kase;  // opened per the command's CaseNeed
    std::string actor;           // OS login
    std::string command_line;    // argv joined by spaces (the custody log records it)
    std::unique_ptr<Access> access;  // opened with the case: who acts, what they may see
    bool progress = false;       // stderr is a terminal and --quiet was not given
    bool quiet = false;
    CLI::App* app = nullptr;     // the whole command tree (help, completions)
};

class Command {
public:
    virtual ~Command() = default;
    virtual const char* name() const = 0;
    virtual const char* summary() const = 0;
    // What to open, decided after parsing (a pre-send check needs no case, a scan does).
    virtual CaseNeed need() const = 0;
    // What the permission matrix must allow (asked after parsing, when a case is opened).
    virtual Action action() const = 0;
    // Whether the command takes --case at all (asked before parsing).
    virtual bool takes_case() const { return need() != CaseNeed::none; }
    // What a refusal names as the command run, and its audit record's action: the command,
    // or the command and its subcommand where those have their own rights ("policy vote").
    virtual std::string invocation() const { return name(); }
    // Another name the command answers to ("handover-pdf").
    virtual const char* alias() const { return nullptr; }
    // Hidden commands are for packaging and development; --help does not list them.
    virtual bool hidden() const { return false; }
    // Whether this run opens files the user named besides the case (evidence, a policy or
    // directory file, a font): in multi-user mode it then runs with the user's own rights
    // only (mailscope(1), MULTI-USER). Outputs are opened under UserRights instead.
    virtual bool user_files() const { return false; }
    // Whether this run creates a case shared with the mailscope group (import --shared).
    virtual bool creates_shared() const { return false; }
    // Declares the command's options on its subcommand.
    virtual void setup(CLI::App& app) = 0;
    // Runs; returns the exit code, or an Error the dispatcher prints.
    virtual Result<int> run(Context& ctx) = 0;
};

// The table of commands, in the order `mailscope --help` lists them.
std::vector<std::unique_ptr<Command>> make_commands();

int main(int argc, char** argv);

// Adds the --case option every case command takes (help shows it per command).
void add_case_option(CLI::App& app, std::string& dir);
// Adds --as PERSON (the case owner acting as someone in the directory).
void add_as_option(CLI::App& app, std::string& as);
// Adds --format text|json|csv.
void add_format_option(CLI::App& app, OutputFormat& fmt, const char* name = "--format");

// An option taking one of `choices` (shown as {a,b,c} in errors), stored as its index.
void add_choice_option(CLI::App& app, const std::string& name, int& index,
                       const std::vector<std::string>& choices, const std::string& help,
                       const std::string& type_name);

std::string version_string();

} // namespace ms::cli
