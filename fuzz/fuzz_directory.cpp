// Directory files (mailscope-directory(5)) parsed and validated from text.
#include "mailscope/org/directory.hpp"

#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<ms::FileProblem> problems;
    (void)ms::load_directory_text(
        "mailscope.toml", std::string(reinterpret_cast<const char*>(data), size), problems);
    return 0;
}
