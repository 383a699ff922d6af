#ifndef KNAP_SQLITE_H
#define KNAP_SQLITE_H

#include <sqlite3.h>

/// Keeps SQLite from checkpointing the WAL into the database file when `db`, the last connection,
/// closes. (`sqlite3_db_config` is variadic, which Swift cannot call.)
///
/// The WAL then stays beside the index with its frames until SQLite's automatic checkpoint (at 1,000
/// pages) copies them; a run that changed a note commits without syncing anything, as with
/// `PRAGMA synchronous = NORMAL` in WAL mode, instead of syncing the WAL, its folder and the database
/// file on the way out. Returns an SQLite result code.
int knap_sqlite3_keep_wal_on_close(sqlite3 *db);

/// Turns off SQLite's memory statistics, which take a global mutex on every allocation (a few hundred
/// thousand in a full index of 1,000 notes). Only possible before SQLite is first used in the process:
/// call it before opening the first connection, from one thread; later calls change nothing and return
/// `SQLITE_MISUSE`. (`sqlite3_config` is variadic too.)
int knap_sqlite3_disable_memory_statistics(void);

#endif
