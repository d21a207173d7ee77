/* html_text.h - the text of HTML, through libxml2's HTML parser.
 *
 * Pages, feed entries and the raw HTML inside Markdown all reach text
 * here: the parser decodes entities and repairs bad markup the way
 * browsers do, so no tag is ever matched by hand. */
#ifndef IX_HTML_TEXT_H
#define IX_HTML_TEXT_H

#include <libxml/HTMLparser.h>
#include <stdbool.h>
#include <stddef.h>

#include "status.h"
#include "text.h"

/* Parses HTML[0..LEN) (UTF-8, whatever its meta charset says) leniently,
 * printing nothing. On QR_OK the caller frees *DOC_OUT with xmlFreeDoc,
 * and *IS_CUT_OUT (when not NULL) says whether the parser stopped at
 * elements nested deeper than libxml2's limit (256), leaving out the
 * rest of the page: the limit stays, as it also bounds the recursion of
 * every walk of the tree, and the caller warns. Returns QR_ERR_PARSE when
 * the parser gives up (empty input), with the reason. */
qr_status_t ix_html_parse(const char *html, size_t len, htmlDocPtr *doc_out,
                          bool *is_cut_out, qr_err_t *err);

/* Appends the text of NODE and its descendants to T: block elements end
 * blocks, <pre> keeps its lines, and script, style, template, noscript,
 * svg, iframe and form controls are left out. IS_PAGE also leaves out the
 * site's chrome: nav, header, footer and aside. Returns QR_ERR_NOMEM. */
qr_status_t ix_html_append_text(const xmlNode *node, bool is_page,
                                ix_text_t *t, qr_err_t *err);

/* Parses the fragment HTML[0..LEN) and appends its text to T as
 * ix_html_append_text does (not a page). Returns QR_ERR_NOMEM. */
qr_status_t ix_html_fragment_text(const char *html, size_t len,
                                  ix_text_t *t, qr_err_t *err);

/* The text of NODE's subtree with white space collapsed, as a new string
 * the caller frees, or NULL when it is empty or memory ran out. */
char *ix_html_node_string(const xmlNode *node);

/* Decodes the character reference S[0..LEN) ("&amp;", "&#x27;", "&#96;")
 * into OUT (QR_UTF8_MAX_BYTES or more) and returns the bytes written, or 0
 * when it is not a reference HTML knows. Cannot fail. */
size_t ix_html_decode_entity(const char *s, size_t len, char *out);

#endif /* IX_HTML_TEXT_H */
