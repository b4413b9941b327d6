#include "router/cli/version.hpp"
