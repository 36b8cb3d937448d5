// mailscope help [COMMAND]: opens the manual page (from the source tree when not installed).
#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace ms::cli {

namespace {

class HelpCommand final : public Command {
public:
    const char* name() const override { return "help"; }
    const char* summary() const override { return "Show the manual page of a command"; }
    Action action() const override { return Action::read /* never opens a case */; }
    CaseNeed need() const override { return CaseNeed::none; }

    void setup(CLI::App& app) override {
        app.add_option("COMMAND", m_topic,
                       "command, or query, directory, policy-file, analytics, masking, learning: the "
                       "manual page to show")
            ->type_name("COMMAND");
    }

    Result<int> run(Context&) override {
        // Topics beyond the commands: the query language, the analytics definitions, the
        // personal-data detectors (section 7) and the two file formats (section 5).
        if (m_topic == "handover-pdf") m_topic = "handover";  // the command's other name
        std::string page = m_topic.empty() ? "mailscope" : "mailscope-" + m_topic;
        std::string section = "1";
        if (m_topic == "query" || m_topic == "analytics" || m_topic == "masking" ||
            m_topic == "learning")
            section = "7";
        if (m_topic == "directory") section = "5";
        if (m_topic == "policy-file") {
            page = "mailscope-policy";
            section = "5";
        }
        std::error_code ec;
        std::string local = std::string(MAILSCOPE_MAN_DIR) + "/" + page + "." + section;
        if (std::filesystem::exists(local, ec)) {
            execlp("man", "man", "-l", local.c_str(), static_cast<char*>(nullptr));
        } else {
            execlp("man", "man", section.c_str(), page.c_str(), static_cast<char*>(nullptr));
        }
        return fail(Errc::not_found, "cannot run man to show " + page + "(" + section + ")",
                    "install man-db, or run `mailscope " + m_topic + " --help`");
    }

private:
    std::string m_topic;
};

} // namespace

std::unique_ptr<Command> make_help_command() { return std::make_unique<HelpCommand>(); }

} // namespace ms::cli
