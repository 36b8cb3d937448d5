// mailscope completion SHELL (hidden): prints a bash, zsh or fish completion script generated
// from the live CLI11 command tree, so the scripts cannot drift from the options (STYLE.md,
// lesson 12). The tree is first read into a small model (`Spec`): each visible subcommand with
// its options and positionals. What an option's value completes to is read from the option
// itself: the choices of a CLI::IsMember validator from its description (the same "{a,b,c}"
// that --help prints), directories or files from its type name (DIR, FILE, SOURCE), query
// words from QUERY and command names from COMMAND. Query words are the field prefixes of
// ms::k_fields plus the values of is: and has:, which only the indexer knows; they are kept in
// `k_query_values` below and tests/cli/test_completions.py checks them against
// mailscope-query(7). The checked-in completions/ files are this command's output; the same
// test fails when they differ.
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
    std::vector<std::string> shorts, longs;  // "-C", "--case"
    std::string help;
    ValueKind kind = ValueKind::none;        // none: a flag
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
};

struct Spec {
    std::vector<OptSpec> globals;
    std::vector<CmdSpec> cmds;
};

// Values of the boolean fields whose terms the indexer writes (index/document.cpp).
struct QueryValues {
    const char* field;
    std::vector<const char*> values;
};
const QueryValues k_query_values[] = {
    {"is", {"starred", "seen", "read", "unread", "replied", "forwarded", "draft", "trashed",
            "flagged"}},
    {"has", {"attachment"}},
};

// `help` also shows the query language page.
const char* const k_extra_help_topic[2] = {"query", "the query language, mailscope-query(7)"};

// ---- reading the command tree ----

// "FORMAT:{text,json,csv}" -> {text, json, csv}: the IsMember set as --help shows it.
std::vector<std::string> choices_of(const CLI::Option& o) {
    std::string t = o.get_type_name();
    auto open = t.find(":{"), close = t.find('}', open);
    std::vector<std::string> out;
    if (open == std::string::npos || close == std::string::npos) return out;
    std::stringstream ss(t.substr(open + 2, close - open - 2));
    for (std::string item; std::getline(ss, item, ',');) out.push_back(item);
    return out;
}

ValueKind kind_of(const CLI::Option& o) {
    if (o.get_expected_max() == 0) return ValueKind::none;
    if (!choices_of(o).empty()) return ValueKind::choice;
    std::string t = o.get_type_name();
    t = t.substr(0, t.find(':'));
    static const std::pair<const char*, ValueKind> k_by_type[] = {
        {"DIR", ValueKind::dir},        {"FILE", ValueKind::file},
        {"SOURCE", ValueKind::file},    {"QUERY", ValueKind::query},
        {"COMMAND", ValueKind::command}};
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
        OptSpec s;
        for (const auto& n : o->get_snames()) s.shorts.push_back("-" + n);
        for (const auto& n : o->get_lnames()) s.longs.push_back("--" + n);
        s.help = o->get_description();
        s.kind = kind_of(*o);
        s.choices = choices_of(*o);
        opts.push_back(std::move(s));
    }
}

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

std::vector<std::string> names_of(const OptSpec& o) {
    auto v = o.shorts;
    v.insert(v.end(), o.longs.begin(), o.longs.end());
    return v;
}

std::string join(const std::vector<std::string>& v, const char* sep = " ") {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
}

std::string quoted(std::string s, const std::string& quote_escape) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? quote_escape : std::string(1, c);
    return out + "'";
}

const char* const k_header = " completion for mailscope. Generated by `mailscope completion ";

// ---- bash ----

// The values of the options that take one: `case $prev in --format) ...`.
void bash_value_case(std::ostream& out, const CmdSpec& c) {
    std::ostringstream arms;
    std::vector<std::string> plain;
    for (const auto& o : c.opts) {
        std::string pat = "                " + join(names_of(o), "|") + ") ";
        if (o.kind == ValueKind::choice)
            arms << pat << "_mailscope_words \"" << join(o.choices) << "\"; return ;;\n";
        else if (o.kind == ValueKind::dir) arms << pat << "_mailscope_paths -d; return ;;\n";
        else if (o.kind == ValueKind::file) arms << pat << "_mailscope_paths -f; return ;;\n";
        else if (o.kind != ValueKind::none) plain.push_back(join(names_of(o), "|"));
    }
    if (!plain.empty()) arms << "                " << join(plain, "|") << ") return ;;\n";
    if (!arms.str().empty()) out << "            case $prev in\n" << arms.str() << "            esac\n";
}

void bash_positional(std::ostream& out, const CmdSpec& c, const Spec& spec) {
    ValueKind k = c.positionals.empty() ? ValueKind::none : c.positionals.front().kind;
    out << "                *) ";
    if (k == ValueKind::file) out << "_mailscope_paths -f";
    else if (k == ValueKind::dir) out << "_mailscope_paths -d";
    else if (k == ValueKind::query) out << "_mailscope_query";
    else if (k == ValueKind::command) {
        std::vector<std::string> names;
        for (const auto& s : spec.cmds) names.push_back(s.name);
        out << "_mailscope_words \"" << join(names) << " " << k_extra_help_topic[0] << "\"";
    } else out << "COMPREPLY=()";
    out << " ;;\n";
}

void emit_bash(std::ostream& out, const Spec& spec) {
    std::vector<std::string> fields, values, globals, cmds;
    for (const auto& f : k_fields) fields.push_back(std::string(f.name) + ":");
    for (const auto& o : spec.globals) for (auto& n : names_of(o)) globals.push_back(n);
    for (const auto& c : spec.cmds) cmds.push_back(c.name);
    out << "# bash" << k_header << "bash`; do not edit.\n"
        << "# Regenerate: mailscope completion bash > completions/mailscope.bash\n\n"
        << "_mailscope_words() { mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$cur\"); }\n"
        << "_mailscope_paths() {\n"
        << "    compopt -o filenames 2>/dev/null\n"
        << "    mapfile -t COMPREPLY < <(compgen \"$1\" -- \"$cur\")\n}\n\n"
        << "# Query words; bash splits words at ':', so $word is the word with its colons.\n"
        << "_mailscope_query() {\n    local words=\"" << join(fields) << "\"\n"
        << "    case $word in\n";
    for (const auto& q : k_query_values) {
        std::string v;
        for (const char* x : q.values) v += (v.empty() ? "" : " ") + std::string(q.field) + ":" + x;
        out << "        " << q.field << ":*) words=\"" << v << "\" ;;\n";
    }
    out << "    esac\n"
        << "    mapfile -t COMPREPLY < <(compgen -W \"$words\" -- \"$word\")\n"
        << "    [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *: ]] && compopt -o nospace "
           "2>/dev/null\n"
        << "    if declare -F __ltrim_colon_completions >/dev/null; then\n"
        << "        __ltrim_colon_completions \"$word\"\n"
        << "    elif [[ $word == *:* && $COMP_WORDBREAKS == *:* ]]; then\n"
        << "        local i colon_word=${word%\"${word##*:}\"}\n"
        << "        for i in \"${!COMPREPLY[@]}\"; do COMPREPLY[i]=${COMPREPLY[i]#\"$colon_word\"}; "
           "done\n    fi\n}\n\n"
        << "_mailscope() {\n"
        << "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n"
        << "    # --opt=value: bash makes '=' a word of its own\n"
        << "    if [[ $cur == = ]]; then cur=; elif [[ $prev == = ]]; then "
           "prev=${COMP_WORDS[COMP_CWORD-2]}; fi\n"
        << "    local word=$cur\n"
        << "    if [[ $cur == : ]]; then word=$prev:; cur=\n"
        << "    elif [[ $prev == : ]]; then word=${COMP_WORDS[COMP_CWORD-2]}:$cur; fi\n"
        << "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
        << "        [[ ${COMP_WORDS[i]} != -* ]] && { cmd=${COMP_WORDS[i]}; break; }\n"
        << "    done\n"
        << "    case $cmd in\n"
        << "        '')\n"
        << "            if [[ $cur == -* ]]; then _mailscope_words \"" << join(globals) << "\"\n"
        << "            else _mailscope_words \"" << join(cmds) << "\"; fi ;;\n";
    for (const auto& c : spec.cmds) {
        std::vector<std::string> opts;
        for (const auto& o : c.opts) for (auto& n : names_of(o)) opts.push_back(n);
        out << "        " << c.name << ")\n";
        bash_value_case(out, c);
        out << "            case $cur in\n"
            << "                -*) _mailscope_words \"" << join(opts) << "\" ;;\n";
        bash_positional(out, c, spec);
        out << "            esac ;;\n";
    }
    out << "    esac\n}\n\ncomplete -F _mailscope mailscope\n";
}

// ---- zsh ----

std::string zsh_quote(const std::string& s) {
    std::string e;
    for (char c : s) e += (c == '[' || c == ']' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    return quoted(e, "'\\''");
}

std::string zsh_action(ValueKind k, const std::vector<std::string>& choices) {
    switch (k) {
    case ValueKind::choice: return "(" + join(choices) + ")";
    case ValueKind::dir: return "_files -/";
    case ValueKind::file: return "_files";
    case ValueKind::query: return "_mailscope_query";
    case ValueKind::command: return "_mailscope_topics";
    default: return " ";
    }
}

// One _arguments spec: '(-C --case)'{-C+,--case=}'[help]:DIR:_files -/'
std::string zsh_option(const OptSpec& o) {
    bool value = o.kind != ValueKind::none;
    std::vector<std::string> names;
    for (const auto& n : o.shorts) names.push_back(n + (value ? "+" : ""));
    for (const auto& n : o.longs) names.push_back(n + (value ? "=" : ""));
    std::string s;
    if (names.size() > 1) s = "'(" + join(names_of(o)) + ")'{" + join(names, ",") + "}";
    else s = names.front();
    s += zsh_quote("[" + o.help + "]");
    std::string message = o.longs.empty() ? o.shorts[0].substr(1) : o.longs[0].substr(2);
    if (value) s += quoted(":" + message + ":" + zsh_action(o.kind, o.choices), "'\\''");
    return s;
}

void zsh_describe(std::ostream& out, const char* fn, const char* tag,
                  const std::vector<std::pair<std::string, std::string>>& items,
                  const char* extra = "") {
    out << fn << "() {\n    local -a items=(\n";
    for (const auto& [name, help] : items) {
        std::string n;
        for (char c : name) n += c == ':' ? std::string("\\:") : std::string(1, c);
        out << "        " << quoted(n + ":" + help, "'\\''") << "\n";
    }
    out << "    )\n    _describe -t " << tag << " '" << tag << "' items" << extra << "\n}\n\n";
}

void emit_zsh(std::ostream& out, const Spec& spec) {
    out << "#compdef mailscope\n# zsh" << k_header << "zsh`; do not edit.\n"
        << "# Regenerate: mailscope completion zsh > completions/_mailscope\n\n";
    std::vector<std::pair<std::string, std::string>> cmds, fields;
    for (const auto& c : spec.cmds) cmds.emplace_back(c.name, c.help);
    zsh_describe(out, "_mailscope_commands", "commands", cmds);
    cmds.emplace_back(k_extra_help_topic[0], k_extra_help_topic[1]);
    zsh_describe(out, "_mailscope_topics", "topics", cmds);
    for (const auto& f : k_fields) fields.emplace_back(std::string(f.name) + ":", f.help);
    zsh_describe(out, "_mailscope_fields", "fields", fields, " -S ''");
    out << "_mailscope_query() {\n    local -a values\n    case $PREFIX in\n";
    for (const auto& q : k_query_values) {
        std::string v;
        for (const char* x : q.values) v += std::string(" ") + x;
        out << "        " << q.field << ":*) compset -P '*:'; values=(" << v.substr(1)
            << "); _describe -t values '" << q.field << "' values ;;\n";
    }
    out << "        *) _mailscope_fields ;;\n    esac\n}\n\n"
        << "_mailscope() {\n    local curcontext=$curcontext state line ret=1\n"
        << "    typeset -A opt_args\n    _arguments -C";
    for (const auto& o : spec.globals) out << " \\\n        " << zsh_option(o);
    out << " \\\n        '1: :_mailscope_commands' \\\n        '*:: :->args' && ret=0\n"
        << "    [[ $state == args ]] || return ret\n"
        << "    curcontext=${curcontext%:*:*}:mailscope-$words[1]:\n"
        << "    case $words[1] in\n";
    for (const auto& c : spec.cmds) {
        out << "    " << c.name << ")\n        _arguments";
        for (const auto& o : c.opts) out << " \\\n            " << zsh_option(o);
        for (const auto& p : c.positionals)
            out << " \\\n            "
                << quoted((p.many ? "*:" : ":") + p.name + ":" + zsh_action(p.kind, {}), "'\\''");
        out << " && ret=0 ;;\n";
    }
    out << "    esac\n    return ret\n}\n\n_mailscope \"$@\"\n";
}

// ---- fish ----

std::string fish_quote(const std::string& s) {
    std::string e;
    for (char c : s) e += c == '\\' ? std::string("\\\\") : std::string(1, c);
    return quoted(e, "\\'");
}

void fish_option(std::ostream& out, const std::string& cond, const OptSpec& o) {
    out << "complete -c mailscope -n " << cond;
    for (const auto& n : o.shorts) out << " -s " << n.substr(1);
    for (const auto& n : o.longs) out << " -l " << n.substr(2);
    if (o.kind == ValueKind::choice) out << " -x -a " << fish_quote(join(o.choices));
    else if (o.kind == ValueKind::dir) out << " -x -a '(__fish_complete_directories)'";
    else if (o.kind == ValueKind::file) out << " -r -F";
    else if (o.kind != ValueKind::none) out << " -x";
    out << " -d " << fish_quote(o.help) << "\n";
}

void emit_fish(std::ostream& out, const Spec& spec) {
    out << "# fish" << k_header << "fish`; do not edit.\n"
        << "# Regenerate: mailscope completion fish > completions/mailscope.fish\n\n"
        << "function __mailscope_query\n";
    for (const auto& f : k_fields)
        out << "    printf '%s\\t%s\\n' " << f.name << ": " << fish_quote(f.help) << "\n";
    for (const auto& q : k_query_values)
        for (const char* v : q.values) out << "    echo " << q.field << ":" << v << "\n";
    out << "end\n\ncomplete -c mailscope -f\n";
    for (const auto& o : spec.globals) fish_option(out, "__fish_use_subcommand", o);
    std::vector<std::string> names;
    for (const auto& c : spec.cmds) {
        out << "complete -c mailscope -n __fish_use_subcommand -a " << c.name << " -d "
            << fish_quote(c.help) << "\n";
        names.push_back(c.name);
    }
    for (const auto& c : spec.cmds) {
        std::string cond = "'__fish_seen_subcommand_from " + c.name + "'";
        out << "\n";
        for (const auto& o : c.opts) fish_option(out, cond, o);
        ValueKind k = c.positionals.empty() ? ValueKind::none : c.positionals.front().kind;
        std::string line = "complete -c mailscope -n " + cond;
        if (k == ValueKind::file) out << line << " -F\n";
        else if (k == ValueKind::dir) out << line << " -a '(__fish_complete_directories)'\n";
        else if (k == ValueKind::query) out << line << " -a '(__mailscope_query)'\n";
        else if (k == ValueKind::command)
            out << line << " -a " << fish_quote(join(names) + " " + k_extra_help_topic[0]) << "\n";
    }
}

class CompletionCommand final : public Command {
public:
    const char* name() const override { return "completion"; }
    const char* summary() const override { return "Print a shell completion script"; }
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
        if (m_shell == "bash") emit_bash(std::cout, spec);
        else if (m_shell == "zsh") emit_zsh(std::cout, spec);
        else emit_fish(std::cout, spec);
        return k_exit_ok;
    }

private:
    std::string m_shell;
};

} // namespace

std::unique_ptr<Command> make_completion_command() { return std::make_unique<CompletionCommand>(); }

} // namespace ms::cli
