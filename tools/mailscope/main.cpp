// mailscope: the command-line front end. Everything else lives in the core library.
#include "cli.hpp"

int main(int argc, char** argv) { return ms::cli::main(argc, argv); }
