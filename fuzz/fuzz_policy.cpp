// Policy files (mailscope-policy(5)) parsed and validated from text.
#include "mailscope/policy/policy.hpp"

#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<ms::FileProblem> problems;
    (void)ms::load_policy_text("fuzz.toml",
                               std::string(reinterpret_cast<const char*>(data), size), problems);
    return 0;
}
