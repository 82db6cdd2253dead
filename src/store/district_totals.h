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

#include "../core/export.h"
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

/* Does the district's own copy of f (its year) hold a report it kept (district_report_save:
 * the copy carries a 汇总说明)? *kept 1 or 0; 0, or -1 with *cause. */
int district_report_kept(struct store *s, const char *district, const struct form *f,
			 int *kept, char **cause);

/* What district_report_send did. */
struct district_sent {
	long revision;		/* the report's revision, as kept */
	int changed;		/* a new revision was kept (a figure, the summary, the own fields) */
	int same;		/* every file was there already with the same bytes */
	time_t when;		/* the export time in the files (that of the revision's first) */
	char *notes;		/* totals_report's notes (what the district still has to fill) */
	char *unrecorded;	/* files written but not recorded as exported: why; or NULL */
	char *nobackup;		/* the backup before it failed: why; or NULL */
	struct export_result res;	/* the files (dir given); res.warning in both cases */
	struct strbuf data;	/* the one format's bytes (dir NULL) */
};

/*
 * The one way a district's report one level up is sent, for `totals --report`, F7 on 汇总,
 * and the export of the district's own copy of a reported form (F5, `export`), so that
 * every key writes the same files: totals_report of t with own's fields (the district's
 * own copy, or NULL), kept by district_report_save (s must be writable), a backup, then
 * the report in a unit's format with its 汇总说明 column (o's formats, encoding and
 * width; the time is the first export's of an unchanged revision, so an unchanged
 * report gives the same bytes), written by export_write into dir and recorded as
 * exported (store_export_add), or with dir NULL rendered into out->data for the caller
 * to write and record (out->when). 0 and *out (district_sent_free), or -1 with *cause.
 */
int district_report_send(struct store *s, const struct totals *t, const char *district,
			 const struct record *own, const struct export_opts *o, const char *dir,
			 struct district_sent *out, char **cause);
void district_sent_free(struct district_sent *d);

#endif
