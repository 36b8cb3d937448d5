// A plain main for the fuzz targets in the normal build: feeds every file named on the command
// line (directories recursively) through LLVMFuzzerTestOneInput once, so committed crash
// fixtures and seeds run under ctest without libFuzzer or clang.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

static bool run_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", p.c_str());
        return false;
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    return true;
}

int main(int argc, char** argv) {
    std::size_t n = 0;
    bool ok = true;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        if (fs::is_directory(argv[i], ec)) {
            std::vector<fs::path> files;
            for (auto& e : fs::recursive_directory_iterator(argv[i], ec))
                if (e.is_regular_file()) files.push_back(e.path());
            std::sort(files.begin(), files.end()); // the same order on every machine
            for (auto& f : files) {
                ok = run_file(f) && ok;
                ++n;
            }
        } else if (fs::exists(argv[i], ec)) {
            ok = run_file(argv[i]) && ok;
            ++n;
        }
    }
    std::printf("%zu inputs ran without a crash\n", n);
    return ok ? 0 : 1;
}
