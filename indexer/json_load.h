/* json_load.h - the JSON text of an article file into Jansson values,
 * keeping the strings Jansson refuses. */
#ifndef IX_JSON_LOAD_H
#define IX_JSON_LOAD_H

#include <jansson.h>
#include <stddef.h>

/* Parses TEXT[0..LEN) as json_loadb(TEXT, LEN, FLAGS, ERROR) does, but
 * with the escapes Jansson refuses read as U+FFFD: "\u0000" (Jansson
 * would give a NUL, which ends every C string made of the text) and an
 * escaped surrogate that is not half of a high-low pair (no character).
 * The rest of the text is read as it is, and line and column numbers in
 * *ERROR are TEXT's own. Returns a new reference (the caller decrefs), or
 * NULL with *ERROR (may be NULL) saying why: the text is no JSON, or
 * memory ran out. */
json_t *ix_json_load(const char *text, size_t len, size_t flags,
                     json_error_t *error);

#endif /* IX_JSON_LOAD_H */
