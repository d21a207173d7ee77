/* output_text.h - results for people at a terminal.
 *
 * Each hit shows its rank and title, then its date, author and url (or
 * path), then its snippet with the matched words highlighted; a heading
 * gives the number of matches, and a spelling suggestion, warnings and
 * facets (years and months as a bar chart) follow when there are any.
 * Colour (ANSI SGR) is used only when asked for; control characters in
 * the text (a title could hold terminal escapes) print as U+FFFD. */
#ifndef SR_OUTPUT_TEXT_H
#define SR_OUTPUT_TEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "status.h"

/* Prints the results envelope ROOT (output_json.h) to OUT as text, in
 * colour when USES_COLOR; an envelope without hits (statistics) prints as
 * indented JSON, an error envelope as its message. Returns QR_ERR_IO when
 * writing fails. */
qr_status_t sr_text_print(FILE *out, const json_t *root, bool uses_color,
                          qr_err_t *err);

/* Writes S[0..LEN) (UTF-8) to OUT with every control character (C0, DEL,
 * C1, and the bidirectional embeddings, overrides and isolates) as
 * U+FFFD, except that tabs and line breaks become spaces. Returns false
 * when writing fails. */
bool sr_text_put_clean(FILE *out, const char *s, size_t len);

/* Writes "quarry-search: ", the printf-formatted message and a line break
 * to OUT (stderr), the message cleaned as sr_text_put_clean does: it may
 * quote the query, an option or a file name, which could hold terminal
 * escapes. A message longer than 8 KiB is cut. Cannot fail (a failed write
 * to stderr has nowhere to be reported). */
void sr_text_say(FILE *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* SR_OUTPUT_TEXT_H */
