// mailscope serve-shard DIR: serves one shard of a case's index to other machines through
// Xapian's own remote protocol (xapian-tcpsrv), so that a case can list it as a remote shard.
#include "cli.hpp"

#include "mailscope/index/xapian_error.hpp"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

namespace ms::cli {

namespace {

pid_t g_server = -1;

void forward(int sig) {
    if (g_server > 0) ::kill(g_server, sig);
}

class ServeShardCommand final : public Command {
public:
    const char* name() const override { return "serve-shard"; }
    const char* summary() const override {
        return "Serve a shard of a case's index to other machines (xapian-tcpsrv)";
    }
    Action action() const override { return Action::import /* never opens a case */; }
    CaseNeed need() const override { return CaseNeed::none; }

    void setup(CLI::App& app) override {
        app.add_option("DIR", m_dir, "the shard's folder (CASE/shards/NN, or a copy of it)")
            ->required();
        app.add_option("--port", m_port, "TCP port to listen on")
            ->required()
            ->check(CLI::Range(1, 65535));
        app.add_option("--interface", m_interface,
                       "address to listen on (default 127.0.0.1; the protocol has no "
                       "authentication or encryption)");
        app.add_flag("--writable", m_writable,
                     "let the case's `mailscope index` add new mail to the shard");
    }

    Result<int> run(Context&) override {
        std::error_code ec;
        if (!std::filesystem::exists(m_dir + "/iamglass", ec))
            return fail(Errc::not_found, m_dir + ": not a shard (no Xapian database here)",
                        "`mailscope shards` lists a case's shards and their folders");
        try {
            Xapian::Database check(m_dir);
            m_docs = check.get_doccount();
        } catch (const Xapian::Error& e) {
            return fail(xapian_error(e, m_dir));
        }
        std::vector<std::string> args = {"xapian-tcpsrv", "--port", std::to_string(m_port),
                                         "--interface", m_interface};
        if (m_writable) args.push_back("--writable");
        args.push_back(m_dir);

        // xapian-tcpsrv answers SIGTERM by killing its whole process group; in a session of
        // its own it takes only itself down, and this process forwards signals to it.
        int ready[2];
        if (::pipe(ready) != 0) return fail(Errc::io, std::string("pipe: ") + std::strerror(errno));
        pid_t pid = ::fork();
        if (pid < 0) return fail(Errc::io, std::string("fork: ") + std::strerror(errno));
        if (pid == 0) {
            ::close(ready[0]);
            ::setsid();
            ::fcntl(ready[1], F_SETFD, FD_CLOEXEC);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execvp(argv[0], argv.data());
            int err = errno;
            (void)!::write(ready[1], &err, sizeof err);
            ::_exit(127);
        }
        ::close(ready[1]);
        int err = 0;
        bool exec_failed = ::read(ready[0], &err, sizeof err) == sizeof err;
        ::close(ready[0]);
        if (exec_failed) {
            ::waitpid(pid, nullptr, 0);
            return fail(Errc::not_found, std::string("xapian-tcpsrv: ") + std::strerror(err),
                        "install Xapian's server: apt-get install xapian-tools");
        }
        g_server = pid;
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, forward);
        std::cerr << "serving " << m_dir << " (" << m_docs << " messages"
                  << (m_writable ? ", writable" : ", read-only") << ") on " << m_interface << ":"
                  << m_port << "\n";
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return k_exit_ok;
        if (WIFSIGNALED(status) &&
            (WTERMSIG(status) == SIGTERM || WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGHUP))
            return k_exit_ok;
        return fail(Errc::io, "xapian-tcpsrv stopped with status " +
                                  std::to_string(WIFEXITED(status) ? WEXITSTATUS(status)
                                                                   : 128 + WTERMSIG(status)),
                    "is port " + std::to_string(m_port) + " already in use?");
    }

private:
    std::string m_dir;
    int m_port = 0;
    std::string m_interface = "127.0.0.1";
    bool m_writable = false;
    Xapian::doccount m_docs = 0;
};

} // namespace

std::unique_ptr<Command> make_serve_shard_command() {
    return std::make_unique<ServeShardCommand>();
}

} // namespace ms::cli
