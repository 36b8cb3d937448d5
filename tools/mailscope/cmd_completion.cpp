// mailscope completion SHELL (hidden): prints a bash, zsh or fish completion script generated
// from the live CLI11 command tree, so the scripts cannot drift from the options (STYLE.md,
// lesson 12). The tree is first read into a small model (`Spec`): each visible subcommand with
// its options and positionals. What a value completes to is read from the option itself: the
// choices of a CLI::IsMember validator from its description (the same "{a,b,c}" that --help
// prints), and otherwise from its type name: DIR, FILE, SOURCE (files and directories), QUERY
// (query words), COMMAND (command names). Query words are the field prefixes and the value
// sets (is:, has:) of ms::k_fields. The checked-in completions/ files are this command's
// output; tests/cli/test_completions.py fails when they differ.
#include "cli.hpp"

#include "mailscope/index/fields.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <sstream>

namespace ms::cli {

namespace {

// What the word after an option, or a positional, completes to.
enum class ValueKind { none, any, choice, file, dir, query, command };

struct OptSpec {
    std::vector<std::string> shorts, longs; // "-C", "--case"
    std::string help;
    ValueKind kind = ValueKind::none; // none: a flag
    std::vector<std::string> choices;
};

struct PosSpec {
    std::string name;
    ValueKind kind = ValueKind::any;
    bool many = false;
};

struct CmdSpec {
    std::string name, help;
    std::vector<OptSpec> opts;
    std::vector<PosSpec> positionals;
    ValueKind first_positional() const {
        return positionals.empty() ? ValueKind::none : positionals.front().kind;
    }
};

struct Spec {
    std::vector<OptSpec> globals;
    std::vector<CmdSpec> cmds;
};

// Fields with a closed set of values (is:, has:), from the field table.
struct QueryValues {
    const char* field;
    std::vector<std::string> values;
};
std::vector<QueryValues> query_values() {
    std::vector<QueryValues> out;
    for (const FieldSpec& f : k_fields) {
        if (!f.values) continue;
        QueryValues q{f.name, {}};
        std::istringstream words(f.values);
        for (std::string w; words >> w;) q.values.push_back(w);
        out.push_back(std::move(q));
    }
    return out;
}

// `mailscope help` also shows the query language and file format pages (cmd_help.cpp).
const std::pair<const char*, const char*> k_help_topics[] = {
    {"query", "the query language, mailscope-query(7)"},
    {"directory", "the directory file, mailscope-directory(5)"},
    {"policy-file", "the policy file format, mailscope-policy(5)"},
    {"analytics", "what timeline, stats and report compute, mailscope-analytics(7)"},
    {"masking", "the personal-data detectors and masking, mailscope-masking(7)"}};

// ---- reading the command tree ----

// "FORMAT:{text,json,csv}" -> {text, json, csv}: the IsMember set as --help shows it.
std::vector<std::string> choices_of(const CLI::Option& o) {
    std::string t = o.get_type_name();
    auto open = t.find(":{"), close = t.find('}', open);
    std::vector<std::string> out;
    if (open == std::string::npos || close == std::string::npos) return out;
    std::stringstream ss(t.substr(open + 2, close - open - 2));
    for (std::string item; std::getline(ss, item, ',');)
        out.push_back(item);
    return out;
}

ValueKind kind_of(const CLI::Option& o) {
    if (o.get_expected_max() == 0) return ValueKind::none;
    if (!choices_of(o).empty()) return ValueKind::choice;
    std::string t = o.get_type_name();
    t = t.substr(0, t.find(':'));
    static const std::pair<const char*, ValueKind> k_by_type[] = {
        {"DIR", ValueKind::dir},     {"FILE", ValueKind::file},       {"SOURCE", ValueKind::file},
        {"PATH", ValueKind::file},  // a file or a folder (handover -o)
        {"QUERY", ValueKind::query}, {"COMMAND", ValueKind::command},
    };
    for (auto [name, kind] : k_by_type)
        if (t == name) return kind;
    return ValueKind::any;
}

void read_options(CLI::App& app, std::vector<OptSpec>& opts, std::vector<PosSpec>* pos) {
    for (CLI::Option* o : app.get_options()) {
        if (!o->nonpositional()) {
            if (pos) pos->push_back({o->get_name(), kind_of(*o), o->get_expected_max() > 1});
            continue;
        }
        OptSpec s{{}, {}, o->get_description(), kind_of(*o), choices_of(*o)};
        for (const auto& n : o->get_snames())
            s.shorts.push_back("-" + n);
        for (const auto& n : o->get_lnames())
            s.longs.push_back("--" + n);
        opts.push_back(std::move(s));
    }
}

// The visible subcommands (hidden ones have no group), without `self`.
Spec read_spec(CLI::App& app, const std::string& self) {
    Spec spec;
    read_options(app, spec.globals, nullptr);
    for (CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_group().empty() || sub->get_name() == self) continue;
        CmdSpec c{sub->get_name(), sub->get_description(), {}, {}};
        read_options(*sub, c.opts, &c.positionals);
        spec.cmds.push_back(std::move(c));
    }
    return spec;
}

// ---- text helpers ----

std::string join(const std::vector<std::string>& v, const char* sep = " ") {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : sep) + x;
    return s;
}

std::vector<std::string> names_of(const OptSpec& o) {
    auto v = o.shorts;
    v.insert(v.end(), o.longs.begin(), o.longs.end());
    return v;
}

std::string all_names(const std::vector<OptSpec>& opts) {
    std::vector<std::string> v;
    for (const auto& o : opts)
        for (const auto& n : names_of(o))
            v.push_back(n);
    return join(v);
}

// 's' in single quotes; a quote inside becomes `quote_escape` ('\'' in sh, \' in fish).
std::string quoted(const std::string& s, const char* quote_escape = "'\\''") {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string(quote_escape) : std::string(1, c);
    return out + "'";
}

std::string fish_quote(const std::string& s) {
    std::string e;
    for (char c : s)
        e += c == '\\' ? std::string("\\\\") : std::string(1, c);
    return quoted(e, "\\'");
}

// What each kind of word completes to, indexed by ValueKind: a bash command, a zsh _arguments
// action (" ": show the message only) and fish `complete` flags. Choices are built by action().
enum Shell { bash, zsh, fish };
const char* const k_actions[][3] = {
    {"COMPREPLY=()", " ", ""},                                                      // none
    {"COMPREPLY=()", " ", " -f"},                                                   // any
    {"", "", ""},                                                                   // choice
    {"_mailscope_paths -f", "_files", " -F"},                                       // file
    {"_mailscope_paths -d", "_files -/", " -f -a '(__fish_complete_directories)'"}, // dir
    {"_mailscope_query", "_mailscope_query", " -f -a '(__mailscope_query)'"},       // query
    {"_mailscope_words \"$(_mailscope_topics)\"", "_mailscope_topics",
     " -f -a '(__mailscope_topics)'"}, // command
};
static_assert(std::size(k_actions) == static_cast<std::size_t>(ValueKind::command) + 1);

std::string action(Shell sh, ValueKind k, const std::vector<std::string>& choices = {}) {
    if (k != ValueKind::choice) return k_actions[static_cast<int>(k)][sh];
    if (sh == bash) return "_mailscope_words \"" + join(choices) + "\"";
    if (sh == zsh) return "(" + join(choices) + ")";
    return " -f -a " + fish_quote(join(choices));
}

std::string header(const char* shell, const char* file) {
    return std::string("# ") + shell + " completion for mailscope. Generated by `mailscope " +
           "completion " + shell + "`; do not edit.\n# Regenerate: mailscope completion " + shell +
           " > completions/" + file + "\n";
}

// ---- bash ----

// The parts of the bash script that do not depend on the command tree. Bash splits words at
// ':' and '=' (COMP_WORDBREAKS), so `is:st` arrives as `is` `:` `st`: $word puts it together
// again for the query words, and the replies are trimmed back to what follows the colon.
const char* const k_bash_helpers = R"BASH(
_mailscope_words() { mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur"); }

_mailscope_paths() {
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen "$1" -- "$cur")
}

_mailscope_query() {
    mapfile -t COMPREPLY < <(compgen -W "$(_mailscope_query_words "$word")" -- "$word")
    [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *: ]] && compopt -o nospace 2>/dev/null
    if declare -F __ltrim_colon_completions >/dev/null; then
        __ltrim_colon_completions "$word"
    elif [[ $word == *:* && $COMP_WORDBREAKS == *:* ]]; then
        local i colon_word=${word%"${word##*:}"}
        for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]=${COMPREPLY[i]#"$colon_word"}; done
    fi
}

_mailscope() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i
    if [[ $cur == = ]]; then cur=; elif [[ $prev == = ]]; then prev=${COMP_WORDS[COMP_CWORD-2]}; fi
    local word=$cur
    if [[ $cur == : ]]; then word=$prev:; cur=
    elif [[ $prev == : ]]; then word=${COMP_WORDS[COMP_CWORD-2]}:$cur; fi
    for ((i = 1; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} != -* ]] && { cmd=${COMP_WORDS[i]}; break; }
    done
    case $cmd in
)BASH";

// One arm of `case $cmd in`: the values of its options (by $prev), then options or positionals.
void bash_command(std::ostream& out, const CmdSpec& c) {
    const std::string indent = "                ";
    std::ostringstream values;
    std::vector<std::string> free_values; // options whose values cannot be completed
    for (const auto& o : c.opts) {
        if (o.kind == ValueKind::any) free_values.push_back(join(names_of(o), "|"));
        if (o.kind == ValueKind::none || o.kind == ValueKind::any) continue;
        values << indent << join(names_of(o), "|") << ") " << action(bash, o.kind, o.choices)
               << "; return ;;\n";
    }
    if (!free_values.empty()) values << indent << join(free_values, "|") << ") return ;;\n";
    out << "        " << c.name << ")\n";
    if (!values.str().empty())
        out << "            case $prev in\n" << values.str() << "            esac\n";
    out << "            case $cur in\n"
        << indent << "-*) _mailscope_words \"" << all_names(c.opts) << "\" ;;\n"
        << indent << "*) " << action(bash, c.first_positional()) << " ;;\n"
        << "            esac ;;\n";
}

void emit_bash(std::ostream& out, const Spec& spec) {
    std::vector<std::string> fields, cmds;
    for (const auto& f : k_fields)
        fields.push_back(std::string(f.name) + ":");
    for (const auto& c : spec.cmds)
        cmds.push_back(c.name);
    std::vector<std::string> topics = cmds;
    for (const auto& [topic, help] : k_help_topics) topics.push_back(topic);
    out << header("bash", "mailscope.bash") << "\n_mailscope_topics() { echo \"" << join(topics)
        << "\"; }\n\n"
        << "# Query words for the word so far ($1, with its colons).\n"
        << "_mailscope_query_words() {\n    case $1 in\n";
    for (const auto& q : query_values()) {
        std::vector<std::string> v;
        for (const std::string& x : q.values)
            v.push_back(std::string(q.field) + ":" + x);
        out << "        " << q.field << ":*) echo \"" << join(v) << "\" ;;\n";
    }
    out << "        *) echo \"" << join(fields) << "\" ;;\n    esac\n}\n"
        << k_bash_helpers << "        '')\n"
        << "            if [[ $cur == -* ]]; then _mailscope_words \"" << all_names(spec.globals)
        << "\"\n            else _mailscope_words \"" << join(cmds) << "\"; fi ;;\n";
    for (const auto& c : spec.cmds)
        bash_command(out, c);
    out << "    esac\n}\n\ncomplete -F _mailscope mailscope\n";
}

// ---- zsh ----

// One _arguments spec: '(-C --case)'{-C+,--case=}'[help]'':case:_files -/'
std::string zsh_option(const OptSpec& o) {
    bool value = o.kind != ValueKind::none;
    std::vector<std::string> names;
    for (const auto& n : o.shorts)
        names.push_back(n + (value ? "+" : ""));
    for (const auto& n : o.longs)
        names.push_back(n + (value ? "=" : ""));
    std::string s = names.size() == 1 ? names.front()
                                      : "'(" + join(names_of(o)) + ")'{" + join(names, ",") + "}";
    std::string help; // _arguments wants [ ] and \ in the help escaped
    for (char c : o.help)
        help += (c == '[' || c == ']' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    s += quoted("[" + help + "]");
    std::string message = o.longs.empty() ? o.shorts[0].substr(1) : o.longs[0].substr(2);
    if (value) s += quoted(":" + message + ":" + action(zsh, o.kind, o.choices));
    return s;
}

// A function offering `items` (word, description) through _describe.
void zsh_describe(std::ostream& out, const char* fn, const char* tag,
                  const std::vector<std::pair<std::string, std::string>>& items,
                  const char* extra = "") {
    out << fn << "() {\n    local -a items=(\n";
    for (const auto& [word, help] : items) {
        std::string w; // _describe splits at the first unescaped ':'
        for (char c : word)
            w += c == ':' ? std::string("\\:") : std::string(1, c);
        out << "        " << quoted(w + ":" + help) << "\n";
    }
    out << "    )\n    _describe -t " << tag << " " << tag << " items" << extra << "\n}\n\n";
}

void emit_zsh(std::ostream& out, const Spec& spec) {
    out << "#compdef mailscope\n" << header("zsh", "_mailscope") << "\n";
    std::vector<std::pair<std::string, std::string>> cmds, fields;
    for (const auto& c : spec.cmds)
        cmds.emplace_back(c.name, c.help);
    zsh_describe(out, "_mailscope_commands", "commands", cmds);
    for (const auto& [topic, help] : k_help_topics) cmds.emplace_back(topic, help);
    zsh_describe(out, "_mailscope_topics", "topics", cmds);
    for (const auto& f : k_fields)
        fields.emplace_back(std::string(f.name) + ":", f.help);
    zsh_describe(out, "_mailscope_fields", "fields", fields, " -S ''");
    out << "_mailscope_query() {\n    local -a values\n    case $PREFIX in\n";
    for (const auto& q : query_values()) {
        std::vector<std::string> v(q.values.begin(), q.values.end());
        out << "        " << q.field << ":*) compset -P '*:'; values=(" << join(v)
            << "); _describe -t values " << q.field << " values ;;\n";
    }
    out << "        *) _mailscope_fields ;;\n    esac\n}\n\n"
        << "_mailscope() {\n    local curcontext=$curcontext state line ret=1\n"
        << "    typeset -A opt_args\n    _arguments -C";
    for (const auto& o : spec.globals)
        out << " \\\n        " << zsh_option(o);
    out << " \\\n        '1: :_mailscope_commands' \\\n        '*:: :->args' && ret=0\n"
        << "    [[ $state == args ]] || return ret\n"
        << "    curcontext=${curcontext%:*:*}:mailscope-$words[1]:\n"
        << "    case $words[1] in\n";
    for (const auto& c : spec.cmds) {
        out << "    " << c.name << ")\n        _arguments";
        for (const auto& o : c.opts)
            out << " \\\n            " << zsh_option(o);
        for (const auto& p : c.positionals)
            out << " \\\n            "
                << quoted((p.many ? "*:" : ":") + p.name + ":" + action(zsh, p.kind));
        out << " && ret=0 ;;\n";
    }
    out << "    esac\n    return ret\n}\n\n_mailscope \"$@\"\n";
}

// ---- fish ----

void fish_option(std::ostream& out, const std::string& cond, const OptSpec& o) {
    out << "complete -c mailscope -n " << cond;
    for (const auto& n : o.shorts)
        out << " -s " << n.substr(1);
    for (const auto& n : o.longs)
        out << " -l " << n.substr(2);
    if (o.kind != ValueKind::none) out << " -r" << action(fish, o.kind, o.choices);
    out << " -d " << fish_quote(o.help) << "\n";
}

void emit_fish(std::ostream& out, const Spec& spec) {
    out << header("fish", "mailscope.fish") << "\nfunction __mailscope_topics\n";
    for (const auto& c : spec.cmds)
        out << "    printf '%s\\t%s\\n' " << c.name << " " << fish_quote(c.help) << "\n";
    for (const auto& [topic, help] : k_help_topics)
        out << "    printf '%s\\t%s\\n' " << topic << " " << fish_quote(help) << "\n";
    out << "end\n\nfunction __mailscope_query\n";
    for (const auto& f : k_fields)
        out << "    printf '%s\\t%s\\n' " << f.name << ": " << fish_quote(f.help) << "\n";
    for (const auto& q : query_values())
        for (const std::string& v : q.values)
            out << "    echo " << q.field << ":" << v << "\n";
    out << "end\n\ncomplete -c mailscope -f\n";
    for (const auto& o : spec.globals)
        fish_option(out, "__fish_use_subcommand", o);
    for (const auto& c : spec.cmds)
        out << "complete -c mailscope -n __fish_use_subcommand -a " << c.name << " -d "
            << fish_quote(c.help) << "\n";
    for (const auto& c : spec.cmds) {
        std::string cond = "'__fish_seen_subcommand_from " + c.name + "'";
        out << "\n";
        for (const auto& o : c.opts)
            fish_option(out, cond, o);
        if (c.first_positional() != ValueKind::none && c.first_positional() != ValueKind::any)
            out << "complete -c mailscope -n " << cond << action(fish, c.first_positional())
                << "\n";
    }
}

class CompletionCommand final : public Command {
public:
    const char* name() const override { return "completion"; }
    const char* summary() const override { return "Print a shell completion script"; }
    Action action() const override { return Action::read /* never opens a case */; }
    CaseNeed need() const override { return CaseNeed::none; }
    bool hidden() const override { return true; }

    void setup(CLI::App& app) override {
        app.add_option("SHELL", m_shell, "bash, zsh or fish")
            ->required()
            ->check(CLI::IsMember({"bash", "zsh", "fish"}))
            ->type_name("SHELL");
    }

    Result<int> run(Context& ctx) override {
        if (!ctx.app) return fail(Errc::internal, "completion: no command tree");
        Spec spec = read_spec(*ctx.app, name());
        if (m_shell == "bash")
            emit_bash(std::cout, spec);
        else if (m_shell == "zsh")
            emit_zsh(std::cout, spec);
        else
            emit_fish(std::cout, spec);
        return k_exit_ok;
    }

private:
    std::string m_shell;
};

} // namespace

// `mailscope completion SHELL`, for packaging: prints the script completions/ holds.
std::unique_ptr<Command> make_completion_command() {
    return std::make_unique<CompletionCommand>();
}

} // namespace ms::cli
