// mailscope mask: personal data masked in text, as a filter (stdin or files to stdout), or
// the detections listed (--list) for scripts and for checking the detectors.
#include "cli.hpp"
#include "printer.hpp"

#include "mailscope/privacy/mask.hpp"
#include "mailscope/util/fs.hpp"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sys/stat.h>

namespace ms::cli {

namespace {

class MaskCommand final : public Command {
public:
    const char* name() const override { return "mask"; }
    const char* summary() const override {
        return "Mask personal data in text (a filter: files or stdin to stdout)";
    }
    Action action() const override { return Action::read /* never opens a case */; }
    CaseNeed need() const override { return CaseNeed::none; }
    bool takes_case() const override { return true; }  // for the case's pseudonym key

    void setup(CLI::App& app) override {
        app.add_option("FILE", m_files, "files to read (default and '-': standard input)")
            ->type_name("FILE");
        app.add_option("-o,--operator", m_operators,
                       "partial (default), full or pseudonym; TYPE=OP for one type")
            ->allow_extra_args(false)  // one value each time: `-o full FILE` reads FILE
            ->type_name("OP");
        app.add_option("-t,--type", m_types, "mask only these types (repeatable)")
            ->allow_extra_args(false)
            ->type_name("TYPE");
        app.add_option("--key-file", m_key_file,
                       "pseudonym key (64 hex digits; default: the case's)")
            ->type_name("FILE");
        app.add_flag("-l,--list", m_list, "list the detections instead of masking");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        MS_TRY_ASSIGN(policy, make_policy(ctx));
        MS_TRY_ASSIGN(masker, Masker::create(std::move(policy)));
        if (m_files.empty()) m_files.push_back("-");
        std::unique_ptr<Printer> printer;
        if (m_list)
            printer = Printer::make(m_format, std::cout,
                                    {"file", "line", "offset", "length", "type", "text",
                                     "value", "confidence", "context", "masked"},
                                    [](std::ostream& out, const Record& r) {
                                        out << r["file"].get<std::string>() << ":"
                                            << r["line"].get<std::uint64_t>() << ": "
                                            << r["type"].get<std::string>() << "  "
                                            << r["text"].get<std::string>() << "  -> "
                                            << r["masked"].get<std::string>() << "\n";
                                    });
        int failed = 0;
        for (const auto& f : m_files) {
            auto r = filter(f, masker, printer.get());
            if (!r) {
                std::cerr << "mailscope: error: " << r.error().message << "\n";
                ++failed;
            }
        }
        if (printer) printer->finish();
        std::cout.flush();
        if (failed) return failed == static_cast<int>(m_files.size()) ? k_exit_error
                                                                       : k_exit_partial;
        return k_exit_ok;
    }

private:
    std::vector<std::string> m_files, m_operators, m_types;
    std::string m_key_file;
    bool m_list = false;
    OutputFormat m_format = OutputFormat::text;

    Result<MaskPolicy> make_policy(Context& ctx) {
        MaskPolicy p;
        bool pseudo = false;
        for (const auto& o : m_operators) {
            std::size_t eq = o.find('=');
            MaskOperator op;
            if (!parse_mask_operator(eq == std::string::npos ? o : o.substr(eq + 1), op))
                return fail(Errc::usage, "--operator " + o + ": unknown operator",
                            "operators: partial, full, pseudonym");
            if (eq == std::string::npos) {
                p.op.fill(op);
            } else {
                PiiType t;
                if (!parse_pii(o.substr(0, eq), t)) return unknown_type(o.substr(0, eq));
                p[t] = op;
            }
            pseudo |= op == MaskOperator::pseudonym;
        }
        if (!m_types.empty()) {
            p.enabled.fill(false);
            for (const auto& s : m_types) {
                PiiType t;
                if (!parse_pii(s, t)) return unknown_type(s);
                p.enabled[static_cast<std::size_t>(t)] = true;
            }
        }
        if (pseudo) {
            if (!m_key_file.empty()) {
                MS_TRY_ASSIGN(key, load_secret(m_key_file, false));
                p.key = key;
            } else {
                struct stat st {};
                std::string db = ctx.case_dir + "/case.db";
                if (::stat(db.c_str(), &st) != 0)
                    return fail(Errc::usage, "pseudonyms need a key: no case at " + ctx.case_dir,
                                "name a case with --case (its key is used) or give --key-file");
                MS_TRY_ASSIGN(key, load_secret(ctx.case_dir + "/mask.key", true));
                p.key = key;
            }
        }
        return p;
    }

    static Failure unknown_type(const std::string& s) {
        std::string all;
        for (PiiType t : k_pii_types) all += std::string(all.empty() ? "" : ", ") + pii_name(t);
        return fail(Errc::usage, "unknown personal-data type '" + s + "'", "types: " + all);
    }

    // Line by line: detections never span lines, and a filter must stream.
    Result<void> filter(const std::string& file, const Masker& masker, Printer* printer) {
        std::ifstream in;
        std::istream* src = &std::cin;
        std::string name = file == "-" ? "(stdin)" : file;
        if (file != "-") {
            struct stat st {};
            if (::stat(file.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
                return fail(Errc::usage, file + ": is a directory");
            in.open(file, std::ios::binary);
            if (!in) return fail(Errc::not_found, file + ": cannot open: " + std::strerror(errno));
            src = &in;
        }
        std::string line;
        std::uint64_t lineno = 0, offset = 0;
        std::vector<PiiMatch> found;
        while (std::getline(*src, line)) {
            ++lineno;
            bool nl = !src->eof();
            found.clear();
            std::string masked = masker.mask(line, &found);
            if (!printer) {
                std::cout << masked;
                if (nl) std::cout << '\n';
            } else {
                for (const auto& m : found) {
                    std::string text = line.substr(m.start, m.end - m.start);
                    Record r;
                    r["file"] = name;
                    r["line"] = lineno;
                    r["offset"] = offset + m.start;
                    r["length"] = m.end - m.start;
                    r["type"] = pii_name(m.type);
                    r["text"] = text;
                    r["value"] = m.value;
                    r["confidence"] = std::round(m.confidence * 100) / 100;
                    r["context"] = m.context;
                    r["masked"] = mask_value(m, text, masker.policy()[m.type], masker.policy().key);
                    printer->record(r);
                }
            }
            offset += line.size() + (nl ? 1 : 0);
        }
        if (src->bad()) return fail(Errc::io, name + ": read error");
        return ok();
    }
};

} // namespace

std::unique_ptr<Command> make_mask_command() { return std::make_unique<MaskCommand>(); }

} // namespace ms::cli
