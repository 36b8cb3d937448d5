// The scene of a message: which way it goes and whether it is personal. Personal mail (sent
// outside working hours between one employee and parties that are neither the company nor a
// customer) is left out of monitoring and only counted (DESIGN.md, "Scene filter").
#pragma once

#include "mailscope/org/directory.hpp"
#include "mailscope/policy/policy.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ms {

struct Scene {
    Direction direction = Direction::external;
    bool personal = false;
    const Person* sender = nullptr;  // the directory's entry for the From address, if any
    bool known = false;              // a directory said what is internal: direction is real
};

// `dir` may be null: then nothing is internal and nothing is personal.
Scene classify(const Directory* dir, const std::string& from,
               const std::vector<std::string>& recipients, std::optional<std::int64_t> date);

} // namespace ms
