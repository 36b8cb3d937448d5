#include "mailscope/policy/config.hpp"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace ms {

// A case whose files the user may not read (another user's, or a shared case reached
// without mailscope's group) is not a case without policies.
static Failure denied(const std::string& case_dir) {
    return fail(Errc::permission,
                case_dir + ": permission denied: cannot read the case's directory and policies",
                "give the policy and directory files with --policy and --directory, or ask the "
                "case's owner for access");
}

Result<PolicyConfig> load_config(const ConfigSources& src, std::vector<FileProblem>& problems) {
    PolicyConfig cfg;
    std::error_code ec;
    std::string dir_file = src.directory_file;
    if (dir_file.empty() && !src.case_dir.empty()) {
        std::string p = src.case_dir + "/" + k_directory_file;
        if (fs::exists(p, ec)) dir_file = p;
        else if (ec == std::errc::permission_denied) return denied(src.case_dir);
    }
    bool failed = false;
    if (!dir_file.empty()) {
        auto d = load_directory(dir_file, problems);
        if (d) cfg.directory = std::move(*d);
        else failed = true;
    }
    std::vector<std::string> files = src.policy_files;
    if (files.empty() && !src.case_dir.empty()) {
        std::string pd = src.case_dir + "/" + k_policy_dir;
        for (fs::directory_iterator it(pd, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".toml") files.push_back(it->path().string());
        if (ec == std::errc::permission_denied) return denied(src.case_dir);
        std::sort(files.begin(), files.end());
    }
    if (files.empty())
        return fail(Errc::not_found,
                    src.case_dir.empty() ? std::string("no policy file named")
                                         : "the case has no policies (" + src.case_dir + "/" +
                                               k_policy_dir + " holds no .toml file)",
                    "add one with `mailscope policy add FILE.toml` (scan also takes --policy FILE)");
    for (const auto& f : files) {
        auto p = load_policy(f, problems);
        if (p) cfg.policies.push_back(std::move(*p));
        else failed = true;
    }
    // A department a scope names but the directory lacks would silently never match.
    if (cfg.directory)
        for (const auto& p : cfg.policies)
            for (const auto& r : p.rules)
                for (const auto& d : r.scope.departments)
                    if (!cfg.directory->department(d)) {
                        problems.push_back({p.path, r.line, "rule " + r.id + ": no department '" +
                                                                d + "' in " +
                                                                cfg.directory->path});
                        failed = true;
                    }
    if (failed)
        return fail(Errc::bad_input, std::to_string(problems.size()) +
                                         " problem(s) in the directory or the policies",
                    "fix them; `mailscope org check` and `mailscope policy test` list them");
    return cfg;
}

} // namespace ms
