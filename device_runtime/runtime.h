// The runtime stage of the device (proto/README.md): what the resident
// bootstrapper loads into RAM and jumps to, and what the POSIX device links.
#pragma once

#include "resident_services.h"

// Serves the host until Reset (boards: back to the resident) or forever.
// Returns at once if the services table is of another ABI version, or if the
// heap cannot even hold the slot table.
extern "C" void
jlremote_runtime_entry(const jlremote::ResidentServices *services);
