/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * imp-sqlite.c - a tracee for the strace importer tests and the README
 * demo: a database in WAL mode written by the main thread while two
 * reader threads query it, through libsqlite3 as real programs do.
 * Usage: imp-sqlite DBFILE [ROWS]
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static const char *path;

static void *reader(void *arg)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int i;

	(void)arg;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return NULL;
	sqlite3_busy_timeout(db, 5000);
	for (i = 0; i < 20; i++) {
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &s,
				       NULL) == SQLITE_OK) {
			sqlite3_step(s);
			sqlite3_finalize(s);
		}
	}
	sqlite3_close(db);
	return NULL;
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	pthread_t t[2];
	int i, rows = argc > 2 ? atoi(argv[2]) : 200;

	if (argc < 2)
		return 2;
	path = argv[1];
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 1;
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, "PRAGMA journal_mode=WAL;"
			 "CREATE TABLE IF NOT EXISTS t(k INTEGER, v TEXT)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return 1;
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, reader, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?1, 'row')", -1, &s,
			   NULL);
	for (i = 0; i < rows; i++) {
		sqlite3_bind_int(s, 1, i);
		sqlite3_step(s);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_close(db);
	return 0;
}
