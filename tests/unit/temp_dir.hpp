// A private scratch directory for one test case, removed with everything in it afterwards.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

struct TempDir {
    std::string path;
    TempDir() {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "ms-unit-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // Writes `content` to `rel` below the directory (creating folders); returns the path.
    std::string file(const std::string& rel, const std::string& content) const {
        std::string p = path + "/" + rel;
        std::filesystem::create_directories(std::filesystem::path(p).parent_path());
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
};
