#include "cli/app.h"

int main(int argc, char** argv) { return alab::cli::Main(argc, argv); }
