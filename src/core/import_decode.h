/*
 * import_decode.h - what a received file is, and its text as UTF-8.
 *
 * The bytes a unit emails may have been through Excel or WPS: UTF-8 with or
 * without a byte-order mark ("CSV UTF-8"), GB18030/GBK without one (plain "CSV"
 * on Chinese Windows), UTF-16LE with one ("Unicode 文本", tab-separated). Other
 * things arrive too: an .xlsx or .xls workbook, a PDF, a picture, a database, an
 * archive, an empty or cut-off file. import_decode tells them apart and gives
 * back UTF-8 text or a Chinese reason that says what the district should ask for.
 * Nothing here knows forms or CSV columns.
 */
#ifndef TB_IMPORT_DECODE_H
#define TB_IMPORT_DECODE_H

#include <stddef.h>

enum import_enc {
	IMPORT_ENC_NONE = 0,	/* not decoded (refused before or while decoding) */
	IMPORT_ENC_UTF8,
	IMPORT_ENC_UTF8_BOM,
	IMPORT_ENC_GB18030,	/* GBK is a subset: Chinese Windows' "ANSI" */
	IMPORT_ENC_UTF16LE,
	IMPORT_ENC_UTF16BE
};

/* A short name for lists: "UTF-8", "UTF-8 BOM", "GB18030", "UTF-16LE", "UTF-16BE", "-". */
const char *import_enc_name(enum import_enc e);

/* Files larger than this are refused unread: a form's CSV is a few kilobytes. */
#define IMPORT_MAX_BYTES (16u * 1024 * 1024)

/*
 * Decode bytes into UTF-8 text without a BOM (NUL-terminated, malloc'd, *tlen its
 * length) and say which encoding they were in. Returns -1 with *cause (Chinese,
 * saying what to do) for an empty file, a file over IMPORT_MAX_BYTES, a workbook,
 * a PDF, a picture, a database, an archive, other binary data, text cut off in
 * the middle of a character, and bytes that are neither UTF-8 nor GB18030
 * (the line of the first bad byte is named). *enc is set whenever the encoding
 * was recognised, even when the text was then refused.
 */
int import_decode(const void *bytes, size_t len, char **text, size_t *tlen,
		  enum import_enc *enc, char **cause);

/* The cell separator of the first row: the most frequent of ',', ';' and TAB outside
 * quotes (',' on a tie), or 0 when the first row has none. */
char import_separator(const char *text, size_t len);

/* A name for a separator in messages and lists: "逗号", "分号", "制表符", "-". */
const char *import_sep_name(char sep);

#endif
