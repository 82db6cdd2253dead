/*
 * floor.c - the floor tianbiao's start-up is measured against (bench/run.sh):
 * initscr, 30 one-line libform fields with Chinese values posted and refreshed,
 * sqlite3_open, one CREATE TABLE IF NOT EXISTS and one SELECT, then endwin. It links
 * libxlsxwriter too (one call, so that it is loaded), because the program must load every
 * library of the fixed choices: libxlsxwriter brings libcrypto and libminizip, whose
 * relocations are about half of the instructions of a start (docs/performance.md).
 * docs/performance.md says how it is run and what it measured.
 */
#include <curses.h>
#include <form.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <xlsxwriter.h>

int main(int argc, char **argv)
{
	FIELD *fields[31];
	FORM *form;
	sqlite3 *db;
	sqlite3_stmt *st;
	int i;

	setlocale(LC_ALL, "");
	initscr();
	for (i = 0; i < 30; i++) {
		fields[i] = new_field(1, 20, i % 15, (i / 15) * 30 + 8, 0, 0);
		set_field_buffer(fields[i], 0, "填报单位测试");
	}
	fields[30] = NULL;
	form = new_form(fields);
	post_form(form);
	refresh();
	if (sqlite3_open(argc > 1 ? argv[1] : ":memory:", &db) == SQLITE_OK) {
		sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS t(k TEXT PRIMARY KEY, v TEXT)", 0, 0, 0);
		if (sqlite3_prepare_v2(db, "SELECT k, v FROM t", -1, &st, 0) == SQLITE_OK) {
			while (sqlite3_step(st) == SQLITE_ROW)
				;
			sqlite3_finalize(st);
		}
		sqlite3_close(db);
	}
	unpost_form(form);
	free_form(form);
	for (i = 0; i < 30; i++)
		free_field(fields[i]);
	endwin();
	return lxw_version()[0] == '\0';
}
