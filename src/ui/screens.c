/*
 * screens.c - the table of screens: one line per screen (ui.h, enum screen_id).
 *
 * A new screen is a new file with its `const struct screen_ops`, an entry in
 * enum screen_id and a line here; see docs/architecture.md.
 */
#include "ui.h"

const struct screen_ops *const ui_screens[SCR_COUNT] = {
	[SCR_LIST] = &list_screen,
	[SCR_FORM] = &form_screen,
	[SCR_ROWS] = &rows_screen,
	[SCR_PROBLEMS] = &problems_screen,
	[SCR_HELP] = &help_screen,
	[SCR_EXPORT] = &export_screen,
	[SCR_DIALOG] = &dialog_screen,
	[SCR_INBOX] = &inbox_screen,
	[SCR_IMPORT] = &import_screen,
	[SCR_PENDING] = &pending_screen,
	[SCR_COMPARE] = &compare_screen,
	[SCR_ROSTER] = &roster_screen,
	[SCR_TOTALS] = &totals_screen,
	[SCR_REMIND] = &remind_screen,
	[SCR_UNITFORM] = &unitform_screen,
};
