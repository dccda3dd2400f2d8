#include <cli/cli.hpp>

int main(int argc, char** argv) { return keiyaku::cli::run(argc, argv); }
