/*
 * receive.h - the district's inbox folder and the files in a folder worth importing.
 *
 * The district saves the attachments its units send into one folder (by default
 * ~/填表收件, created on first use) and imports it whole. A folder gives its files in name
 * order, so that it is imported the same way every time: .csv, and .txt .tsv .xlsx .xls
 * (a CSV saved as text, or a file the import refuses while asking for the CSV); a .txt
 * beside a .csv of the same name is the unit's text export sent with it, and is only
 * counted. Used by `tianbiao import` and the screens' import page.
 */
#ifndef TB_RECEIVE_H
#define TB_RECEIVE_H

#include <stddef.h>

/* One file to import: its path and the name shown and kept (points into path). */
struct receive_file {
	char *path;
	const char *name;
};

/* The inbox folder: $TIANBIAO_INBOX, else ~/填表收件. malloc'd. */
char *receive_default_dir(void);

/*
 * The files of folder dir worth importing, sorted by name, appended to *files (*n
 * grows); *skipped counts the .txt files sent beside their .csv. -1 with *cause when
 * the folder cannot be read.
 */
int receive_list(const char *dir, struct receive_file **files, int *n, int *skipped,
		 char **cause);
void receive_files_free(struct receive_file *files, int n);

/*
 * The bytes of a file as they are, without copying them (mapped read-only; an empty file
 * or a pipe is read as empty): NULL and *cause when it cannot be opened. Give them back
 * with receive_unmap.
 */
const void *receive_map(const char *path, size_t *len, char **cause);
void receive_unmap(const void *bytes, size_t len);

#endif
