// Name handling of the directory walker (tree.cpp), kept free of the file system so that the
// fuzz target and unit tests reach it directly.
#pragma once

#include <string>

namespace ms {

// Natural order ("2." before "10."): case ids follow the order people number their files.
bool natural_less(const std::string& a, const std::string& b);

// Files mail software keeps next to messages (index files, folder markers).
bool is_mail_store_metadata(const std::string& name);

// Maildir++: ".Customers.Mingda" is the folder Customers/Mingda; `name` starts with '.'.
std::string maildirpp_folder(const std::string& name);

} // namespace ms
