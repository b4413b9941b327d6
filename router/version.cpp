#include "router/version.hpp"
