/*
 * district_totals.h - what the district's totals read from the store, and where the
 * district's report one level up is kept (store_totals.c).
 *
 * The totals themselves are the core's (core/totals.h); this gathers their input in
 * three queries whatever the number of units (the roster with each unit's slot, every
 * value of the form, every group's row count), so that 10,000 units cost one pass.
 */
#ifndef TB_DISTRICT_TOTALS_H
#define TB_DISTRICT_TOTALS_H

#include "../core/form.h"
#include "../core/record.h"
#include "../core/totals.h"
#include "store.h"

/*
 * The roster units of year in order, each with its state for form f (TS_MISSING,
 * TS_REPORTED, or TS_CONFLICT when a copy is held against its current one), its current
 * copy as a record (also for a conflict), revision, when and from which file it came,
 * its problems and, when the copy is itself a total, its 汇总说明; and the files of f
 * held for names not on the roster. A database without a roster gives no units.
 * Free with totals_units_free and totals_held_free (or hand them to totals_build).
 */
int district_totals_units(struct store *s, int year, const struct form *f,
			  struct totals_unit **units, int *n, struct totals_held **held,
			  int *nheld, char **cause);

/* district_totals_units, then totals_build (district names the district, or NULL). */
int district_totals(struct store *s, int year, const struct form *f, const char *district,
		    struct totals **out, char **cause);

/*
 * Keep the district's report (rec, a record of its form with the district as unit) and
 * its summary (totals_summary, or NULL) as the district's own submission of that form and
 * year, in one transaction: made the first time with a new submission id, replaced with
 * revision + 1 when any value or the summary differs, left as it is (*changed 0) when
 * nothing does, so that an unchanged report sent again is the same revision one level
 * up. rec gets the id, revision and time of the kept copy.
 */
int district_report_save(struct store *s, const char *district, struct record *rec,
			 const char *summary, int *changed, char **cause);

/* The district's kept report of rec's form and year, read only: its revision (0 when there
 * is none) and whether rec and summary are what it holds (*same: district_report_save
 * would keep it as it is), for the 汇总 page's 已上报 / 上报后又有变化. */
int district_report_state(struct store *s, const char *district, const struct record *rec,
			  const char *summary, long *revision, int *same, char **cause);

#endif
