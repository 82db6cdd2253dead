/*
 * district_page.h - the district's status a screen at a time (store_dpage.c), for the
 * screens' 收件 page: the counts of every form over the whole roster, and the rows of the
 * units shown, so that the page opens as fast on 10,000 units as on 20 (the whole roster
 * in memory is district_status, district.h). The rows are those district_status gives,
 * in the same order and with the same slots.
 */
#ifndef TB_DISTRICT_PAGE_H
#define TB_DISTRICT_PAGE_H

#include "district.h"

/*
 * The roster of year: its size (*units), and per form of forms (their ids), how many roster
 * units have a current copy (reported[k]) and how many have a copy held against it
 * (conflicts[k]); both arrays have nforms entries, filled by this call.
 */
int district_page_counts(struct store *s, int year, struct form *const *forms, int nforms,
			 int *units, int *reported, int *conflicts, char **cause);

/*
 * The roster units at places first .. first + count - 1 (0 is the first unit of the
 * roster's order), each with its slot of every form, as district_status gives them.
 * *n may be fewer than count at the end. Free with district_units_free.
 */
int district_page_units(struct store *s, int year, struct form *const *forms, int nforms,
			int first, int count, struct district_unit **out, int *n, char **cause);

/* The files held for names not on the roster, as district_held_files gives them but read
 * through the index of held files only (free with district_held_free). */
int district_page_held(struct store *s, struct district_held **out, int *n, char **cause);

/* The place of the first roster unit at place from or later whose name contains text
 * (wrapping around to the start), or -1 in *at when none has. */
int district_page_find(struct store *s, int year, const char *text, int from, int *at,
		       char **cause);

#endif
