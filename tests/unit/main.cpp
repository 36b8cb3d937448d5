// The doctest runner for the unit tests (one test_<area>_<module>.cpp per library module).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
