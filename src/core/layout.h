/*
 * layout.h - a form screen's layout, derived from the form's items alone.
 *
 * The result is a tall virtual page: pieces of static text and slots (the places of
 * fields) at virtual rows and columns, width columns wide, measured by the width
 * rule passed in (the screens give the terminal's, tests fixed ones). The form screen
 * shows a window of it and scrolls. Rules: a section is a bold heading after a blank
 * row; a read-only paragraph is wrapped (one row when folded, cut with ......); a
 * labelled one-line field goes beside the previous one when both fit (the paper's
 * 姓名__ 性别__ 职务__ rows), else on a row of its own, else its label above it; a
 * sentence flows over as many rows as it needs with its blanks in place; long text
 * gets a box under its label; a group is a summary of its rows.
 *
 * Promises (tests/core/test_layout.c, tests/fuzz/fuzz_layout.c): every piece and
 * slot lies inside the page - column >= 0, col + its width <= width for any width >=
 * LAYOUT_MIN_WIDTH (a field wider than the page excepted: its box is the page's
 * width) - rows never go backwards, and the slots are in the order of the fields.
 */
#ifndef TB_LAYOUT_H
#define TB_LAYOUT_H

#include "form.h"
#include "record.h"
#include "text.h"

/* The narrowest page the layout is made for (the screens' smallest window, less its
 * margins); narrower pages are laid out too, only less tidily. */
#define LAYOUT_MIN_WIDTH 58

enum slot_kind { SL_TEXT, SL_LONG, SL_CHOICE, SL_YESNO, SL_MULTI, SL_GROUP };

enum lay_style { LS_NORMAL, LS_BOLD, LS_DIM, LS_TITLE };

struct lay_piece {		/* static text at a virtual row and column */
	int row, col;
	char *text;		/* owned */
	enum lay_style style;
};

struct lay_opt {		/* where an option's mark starts ("[ ]" / "( )") */
	int row, col;
	int cols;		/* columns for mark and label (其他: to the end of the row) */
};

struct slot {
	enum slot_kind kind;
	int field;		/* index in form->fields; SL_GROUP: group index */
	int row, col;		/* first cell */
	int cols;		/* SL_TEXT: data columns (+1 on screen); SL_LONG: box width */
	int rows;		/* SL_LONG: box height */
	int first_row;		/* first row worth showing with it (its label) */
	int last_row;		/* last row it occupies */
	int ctx_last;		/* last row of its sentence, shown with it when it fits */
	struct lay_opt *opts;	/* SL_CHOICE / SL_YESNO / SL_MULTI; 其他 is last */
	int nopts;
	int oneline;		/* SL_LONG for a one-line field wider than the screen:
				   wrapped in a box, Enter goes to the next field */
};

struct layout {
	struct lay_piece *pieces;
	int npieces, cappieces;
	struct slot *slots;
	int nslots, capslots;
	int nrows;
	int width;
	int has_text;		/* there are read-only paragraphs (F4 folds them) */
	const struct text_rule *rule;	/* the rule it was measured by (borrowed) */
};

/* Lay out the top-level items of r's form (group < 0) or one row of a group, width
 * columns wide by rule (which must outlive l); folded shows read-only paragraphs as
 * one row each. */
void layout_build(struct layout *l, const struct record *r, int group, int row, int width,
		  int folded, const struct text_rule *rule);
void layout_free(struct layout *l);
/* Data columns of a one-line field (the field's width, narrowed for its type). */
int layout_field_cols(const struct form_field *fld);
/* A row's one-line summary for lists: the title field, then short fields, in at most
 * width columns by rule. malloc'd. */
char *layout_row_summary(const struct record *r, int group, int row, int width,
			 const struct text_rule *rule);

#endif
