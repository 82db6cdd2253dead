/* import_decode.c - recognising a received file and decoding it to UTF-8 (contract in
 * import_decode.h). */
#include "import_decode.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "text.h"
#include "util.h"

const char *import_enc_name(enum import_enc e)
{
	switch (e) {
	case IMPORT_ENC_UTF8:
		return "UTF-8";
	case IMPORT_ENC_UTF8_BOM:
		return "UTF-8 BOM";
	case IMPORT_ENC_GB18030:
		return "GB18030";
	case IMPORT_ENC_UTF16LE:
		return "UTF-16LE";
	case IMPORT_ENC_UTF16BE:
		return "UTF-16BE";
	default:
		return "-";
	}
}

const char *import_sep_name(char sep)
{
	return sep == ',' ? "逗号" : sep == ';' ? "分号" : sep == '\t' ? "制表符" : "-";
}

/* Does the buffer start with this signature? */
static int starts(const unsigned char *b, size_t len, const char *sig, size_t n)
{
	return len >= n && memcmp(b, sig, n) == 0;
}

/* Is the name inside the first part of a zip archive (its first entries' names)? */
static int zip_has(const unsigned char *b, size_t len, const char *name)
{
	size_t n = strlen(name), lim = len < 65536 ? len : 65536;

	for (size_t i = 0; i + n <= lim; i++)
		if (memcmp(b + i, name, n) == 0)
			return 1;
	return 0;
}

/* Files that are clearly not text, each with what the district should ask for instead. */
static char *binary_kind(const unsigned char *b, size_t len)
{
	if (starts(b, len, "PK\x03\x04", 4)) {
		if (zip_has(b, len, "xl/"))
			return xstrdup("这是 Excel 工作簿（.xlsx），不能直接导入。请让单位发送填表程序"
				       "导出的 .csv 文件（按 F5 导出；已在 Excel 里改过的，请用"
				       "“另存为 → CSV UTF-8”）。");
		if (zip_has(b, len, "word/"))
			return xstrdup("这是 Word 文档（.docx），不能导入。请让单位发送填表程序导出的 "
				       ".csv 文件；纸质或 Word 的表可以由区里代填。");
		return xstrdup("这是一个压缩包（.zip 等），不能直接导入。请先解压，再导入里面的 "
			       ".csv 文件。");
	}
	if (starts(b, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return xstrdup("这是旧版 Excel 或 Word 文件（.xls / .doc），不能直接导入。请让单位"
			       "发送填表程序导出的 .csv 文件。");
	if (starts(b, len, "%PDF", 4))
		return xstrdup("这是 PDF 文件，不能导入。请让单位发送填表程序导出的 .csv 文件。");
	if (starts(b, len, "SQLite format 3", 16))
		return xstrdup("这是一个数据库文件（可能是单位的 tianbiao.db），不是导出的表。请让"
			       "单位在填表程序里导出 .csv 文件后发送。");
	if (starts(b, len, "\x89PNG", 4) || starts(b, len, "\xFF\xD8\xFF", 3) ||
	    starts(b, len, "GIF8", 4) ||
	    (starts(b, len, "BM", 2) && len > 26 && memcmp(b + 6, "\0\0\0\0", 4) == 0))
		return xstrdup("这是一张图片，不能导入。请让单位发送填表程序导出的 .csv 文件；"
			       "照片里的表可以由区里代填。");
	if (starts(b, len, "Rar!", 4) || starts(b, len, "7z\xBC\xAF\x27\x1C", 6) ||
	    starts(b, len, "\x1F\x8B", 2))
		return xstrdup("这是一个压缩包，不能直接导入。请先解压，再导入里面的 .csv 文件。");
	return NULL;
}

/* The line (1-based) of byte pos, counting LF bytes (right for every encoding but UTF-16). */
static int line_at(const unsigned char *b, size_t pos)
{
	int line = 1;

	for (size_t i = 0; i < pos; i++)
		line += b[i] == '\n';
	return line;
}

/*
 * Convert from charset to UTF-8, refusing every byte that is not valid (no
 * replacement characters). Returns 0, or -1 with *bad the input offset of the
 * first bad byte and *cut set when the input merely ends inside a character.
 */
static int convert(const char *charset, const unsigned char *in, size_t len, struct strbuf *out,
		   size_t *bad, int *cut)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	char *ip = (char *)in, buf[8192];
	size_t left = len;
	int rc = 0;

	*cut = 0;
	if (cd == (iconv_t)-1)
		util_fatal("iconv 不支持 %s 编码", charset);
	while (left > 0) {
		char *op = buf;
		size_t room = sizeof buf;
		size_t r = iconv(cd, &ip, &left, &op, &room);

		strbuf_add(out, buf, (size_t)(op - buf));
		if (r == (size_t)-1 && errno != E2BIG) {
			*bad = (size_t)(ip - (char *)in);
			*cut = errno == EINVAL;
			rc = -1;
			break;
		}
	}
	iconv_close(cd);
	return rc;
}

/* Where valid UTF-8 stops, or len when it does not; *cut when only a cut-off character
 * at the very end is wrong. */
static size_t utf8_bad(const unsigned char *b, size_t len, int *cut)
{
	size_t i = 0;

	*cut = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = text_decode((const char *)b + i, len - i, &cp);

		if (cp == 0xFFFD && k == 1) {
			size_t need = text_seq_len(b[i]);
			size_t j = i + 1;

			while (j < len && (b[j] & 0xC0) == 0x80)
				j++;
			*cut = need > 1 && j == len && len - i < need;
			return i;
		}
		i += k;
	}
	return len;
}

/* Bytes that look like UTF-16LE without a mark: NUL in most odd places and none in even. */
static int looks_utf16le(const unsigned char *b, size_t len)
{
	size_t n = len < 512 ? len : 512, odd = 0, even = 0;

	/* cppcheck-suppress knownConditionTrueFalse ; cppcheck 2.10 wrongly takes len to be short */
	if (n < 8)
		return 0;
	for (size_t i = 0; i + 1 < n; i += 2) {
		even += b[i] == 0;
		odd += b[i + 1] == 0;
	}
	return even == 0 && odd * 4 >= n / 2;
}

/* The message for text that is cut off. */
static char *cut_message(void)
{
	return xstrdup("文件不完整：最后一个字只有一半，文件可能没有传完。请让单位重新发送。");
}

/* A UTF-16 file, after its mark. */
static int decode_utf16(const unsigned char *b, size_t len, const char *charset,
			struct strbuf *out, char **cause)
{
	size_t bad;
	int cut;

	if (convert(charset, b, len, out, &bad, &cut) != 0) {
		*cause = cut ? cut_message()
			     : xasprintf("文件是 %s 编码，但第%zu个字节附近有无效的字符，文件可能已"
					 "损坏。请让单位重新导出发送。", charset, bad + 1);
		return -1;
	}
	return 0;
}

int import_decode(const void *bytes, size_t len, char **text, size_t *tlen,
		  enum import_enc *enc, char **cause)
{
	const unsigned char *b = bytes;
	struct strbuf out = STRBUF_INIT;
	char *kind;
	int cut, rc = 0;
	size_t bad;

	*text = NULL;
	*tlen = 0;
	*enc = IMPORT_ENC_NONE;
	if (len == 0) {
		*cause = xstrdup("文件是空的（0 字节），可能发送或下载时出了错。请让单位重新发送。");
		return -1;
	}
	if (len > IMPORT_MAX_BYTES) {
		*cause = xasprintf("文件太大（%.1f MB），一张表导出的 CSV 通常只有几 KB，这不是填表"
				   "程序导出的文件。请核对后让单位重新发送。",
				   (double)len / (1024.0 * 1024.0));
		return -1;
	}
	kind = binary_kind(b, len);
	if (kind != NULL) {
		*cause = kind;
		return -1;
	}
	if (starts(b, len, "\xFF\xFE", 2)) {
		*enc = IMPORT_ENC_UTF16LE;
		rc = decode_utf16(b + 2, len - 2, "UTF-16LE", &out, cause);
	} else if (starts(b, len, "\xFE\xFF", 2)) {
		*enc = IMPORT_ENC_UTF16BE;
		rc = decode_utf16(b + 2, len - 2, "UTF-16BE", &out, cause);
	} else if (looks_utf16le(b, len)) {
		*enc = IMPORT_ENC_UTF16LE;
		rc = decode_utf16(b, len, "UTF-16LE", &out, cause);
	} else {
		int bom = starts(b, len, "\xEF\xBB\xBF", 3);
		const unsigned char *p = bom ? b + 3 : b;
		size_t n = bom ? len - 3 : len;

		size_t bad8 = bad = utf8_bad(p, n, &cut);

		if (bad == n) {
			*enc = bom ? IMPORT_ENC_UTF8_BOM : IMPORT_ENC_UTF8;
			strbuf_add(&out, p, n);
		} else if (cut && bad > 0) {
			*enc = bom ? IMPORT_ENC_UTF8_BOM : IMPORT_ENC_UTF8;
			*cause = cut_message();
			rc = -1;
		} else if (bom) {
			*enc = IMPORT_ENC_UTF8_BOM;
			*cause = xasprintf("文件标明是 UTF-8 编码，但第%d行有乱码（无效的字节），文件可能"
					   "已损坏。请让单位重新导出发送。", line_at(p, bad));
			rc = -1;
		} else if (convert("GB18030", p, n, &out, &bad, &cut) == 0) {
			*enc = IMPORT_ENC_GB18030;
		} else if (cut) {
			*enc = IMPORT_ENC_GB18030;
			*cause = cut_message();
			rc = -1;
		} else {
			/* The later of the two places: a UTF-8 file with a bad byte fails GB18030
			 * at its first Chinese character, and a GBK file UTF-8 likewise. */
			*cause = xasprintf("文件的文字编码无法识别：既不是 UTF-8，也不是 GBK/GB18030，"
					   "第%d行有乱码。请让单位用填表程序重新导出发送。",
					   line_at(p, bad > bad8 ? bad : bad8));
			rc = -1;
		}
	}
	if (rc == 0 && memchr(strbuf_str(&out), '\0', out.len) != NULL) {
		*cause = xstrdup("文件里有空字符（二进制数据），不是文本格式的 CSV 文件。请让单位"
				 "发送填表程序导出的 .csv 文件。");
		rc = -1;
	}
	if (rc != 0) {
		strbuf_free(&out);
		return -1;
	}
	/* A second mark inside UTF-16 text, or a BOM that Excel doubled. */
	strbuf_add(&out, "", 0);
	if (out.len >= 3 && memcmp(out.buf, "\xEF\xBB\xBF", 3) == 0) {
		memmove(out.buf, out.buf + 3, out.len - 2);
		out.len -= 3;
	}
	*tlen = out.len;
	*text = strbuf_detach(&out);
	return 0;
}

char import_separator(const char *text, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			comma++;
		else if (c == ';')
			semi++;
		else if (c == '\t')
			tab++;
	}
	if (comma == 0 && semi == 0 && tab == 0)
		return 0;
	if (comma >= semi && comma >= tab)
		return ',';
	return tab >= semi ? '\t' : ';';
}
