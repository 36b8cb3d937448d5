// Where a scan's rules come from: the case's directory (mailscope.toml) and policies
// (policies/*.toml), or files named on the command line instead.
#pragma once

#include "mailscope/mime/message.hpp"
#include "mailscope/policy/evaluate.hpp"
#include "mailscope/policy/policy.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ms {

struct ConfigSources {
    std::string case_dir;                  // may be empty (a pre-send check without a case)
    std::string directory_file;            // overrides case_dir/mailscope.toml
    std::vector<std::string> policy_files; // override case_dir/policies/*.toml
};

struct PolicyConfig {
    std::optional<Directory> directory;    // none: scoped rules and the scene filter are off
    std::vector<Policy> policies;
};

inline constexpr const char* k_directory_file = "mailscope.toml";
inline constexpr const char* k_policy_dir = "policies";

// Every problem of every file is appended to `problems`; any problem fails the load.
Result<PolicyConfig> load_config(const ConfigSources& src, std::vector<FileProblem>& problems);

} // namespace ms
