#ifndef KNAP_SQLITE_H
#define KNAP_SQLITE_H

#include <sqlite3.h>

/// Turns off SQLite's memory statistics, which take a global mutex on every allocation (a few hundred
/// thousand in a full index of 1,000 notes). Only possible before SQLite is first used in the process:
/// call it before opening the first connection, from one thread; later calls change nothing and return
/// `SQLITE_MISUSE`. (`sqlite3_config` is variadic too.)
int knap_sqlite3_disable_memory_statistics(void);

#endif
