/*
 * store_contact.c - the contact person and phone the roster keeps for a unit (contract in
 * district.h), for the units that have not sent their liaison form yet.
 */
#include "district_int.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "../core/remind.h"
#include "../core/util.h"

static const char sql_has_columns[] =
	"SELECT count(*) FROM pragma_table_info('roster') WHERE name = 'phone'";
static const char sql_get[] =
	"SELECT r.person, r.phone FROM roster r JOIN units u ON u.id = r.unit"
	" WHERE r.year = ?1 AND u.name = ?2";
static const char sql_get_id[] = "SELECT person, phone FROM roster WHERE year = ?1 AND unit = ?2";
static const char sql_set[] =
	"UPDATE roster SET person = ?3, phone = ?4 WHERE year = ?1 AND unit = ?2";

/* Has the roster the contact columns (a read-only open of an older file has not)? */
static int has_columns(struct store *s, int *has, char **cause)
{
	sqlite3_stmt *st;
	int r;

	if (s->seen_contacts) {
		*has = 1;
		return 0;
	}
	if (d_has_tables(s, has, cause) != 0)
		return -1;
	if (!*has)
		return 0;
	if ((st = store_q(s, sql_has_columns, cause)) == NULL)
		return -1;
	r = d_step(s, st, 0, cause);
	if (r < 0)
		return -1;
	*has = r == 1 && sqlite3_column_int(st, 0) > 0;
	if (r == 1)
		store_done(st);
	if (*has && sqlite3_get_autocommit(s->db))	/* committed: no rollback removes them */
		s->seen_contacts = 1;
	return 0;
}

int district_contact(struct store *s, int year, const char *unit, char **person, char **phone,
		     char **cause)
{
	sqlite3_stmt *st;
	int has, r;

	*person = *phone = NULL;
	if (has_columns(s, &has, cause) != 0)
		return -1;
	if (!has)
		return 0;
	if ((st = store_q(s, sql_get, cause)) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, unit, -1, SQLITE_STATIC);
	r = d_step(s, st, 0, cause);
	if (r == 1) {
		*person = d_col_text(st, 0);
		*phone = d_col_text(st, 1);
		store_done(st);
	}
	return r < 0 ? -1 : 0;
}

char *district_contact_text(struct store *s, int year, const char *unit)
{
	char *person, *phone, *who, *cause = NULL;

	if (district_contact(s, year, unit, &person, &phone, &cause) != 0) {
		free(cause);	/* the contact is a help, not the answer */
		return NULL;
	}
	who = remind_roster_contact(person, phone);
	free(person);
	free(phone);
	return who;
}

/* Two values the same, NULL equal to NULL. */
static int same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Set one unit's contact inside the open write; *changed is bumped when it changed. */
static int contact_set_one(struct store *s, int year, const struct district_contact *c,
			   int *changed, char **cause)
{
	sqlite3_int64 id = 0;
	sqlite3_stmt *st;
	char *unit = NULL, *person = NULL, *phone = NULL;
	const char *np, *nt;
	int r = d_resolve_unit(s, year, c->unit, &id, &unit, cause);

	if (r == 0)
		*cause = xasprintf("“%s”不在%d年的名单上，联系人没有保存。请先用 tianbiao roster add "
				   "把它加入名单，或用 tianbiao roster 查看名单上的单位名称。",
				   c->unit, year);
	if (r != 1 || (st = store_q(s, sql_get_id, cause)) == NULL) {
		free(unit);
		return -1;
	}
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int64(st, 2, id);
	if ((r = d_step(s, st, 1, cause)) == 1) {
		person = d_col_text(st, 0);
		phone = d_col_text(st, 1);
		store_done(st);
	}
	/* NULL keeps what is there, "" clears it */
	np = c->person == NULL ? person : c->person[0] != '\0' ? c->person : NULL;
	nt = c->phone == NULL ? phone : c->phone[0] != '\0' ? c->phone : NULL;
	if (r >= 0 && (!same(np, person) || !same(nt, phone))) {
		if ((st = store_q(s, sql_set, cause)) == NULL) {
			r = -1;
		} else {
			sqlite3_bind_int(st, 1, year);
			sqlite3_bind_int64(st, 2, id);
			d_bind_text(st, 3, np);
			d_bind_text(st, 4, nt);
			/* not in the decision log: a phone number decides nothing about the forms,
			 * and a roster of contacts would push the decisions off 待处理 */
			r = store_run(s, st, cause);
			if (r == 0)
				(*changed)++;
		}
	}
	free(unit);
	free(person);
	free(phone);
	return r < 0 ? -1 : 0;
}

int district_contact_set(struct store *s, int year, const struct district_contact *c, int n,
			 int *changed, char **cause)
{
	int own, has;

	*changed = 0;
	if (d_need_tables(s, cause) != 0 || has_columns(s, &has, cause) != 0)
		return -1;
	if (!has) {
		*cause = xasprintf("数据库 %s 是旧版本，还不能保存名单上的联系人。请不加只读选项运行一次"
				   "填表程序，它会自动升级数据库。", s->path);
		return -1;
	}
	if (d_write_begin(s, &own, cause) != 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (contact_set_one(s, year, &c[i], changed, cause) != 0) {
			d_write_rollback(s, own);
			*changed = 0;
			return -1;
		}
	return d_write_commit(s, own, cause);
}
