/* frontmatter.h - find and parse the metadata block at the top of a file.
 *
 * YAML front matter sits between "---" lines, TOML between "+++" lines
 * (Hugo, Zola, Jekyll). YAML goes through libyaml; TOML through a small
 * parser of the subset front matter uses (toml.c). */
#ifndef IX_FRONTMATTER_H
#define IX_FRONTMATTER_H

#include <stddef.h>

#include "fields.h"
#include "status.h"

typedef enum ix_fm_kind {
    IX_FM_NONE,
    IX_FM_YAML,
    IX_FM_TOML
} ix_fm_kind_t;

/* A located block: the metadata text and the body after it. */
typedef struct ix_fm_split {
    ix_fm_kind_t kind;
    const char *meta;       /* points into the input */
    size_t meta_len;
    size_t meta_line;       /* 1-based line where META starts */
    const char *body;       /* the rest of the input */
    size_t body_len;
    size_t body_line;       /* 1-based line where BODY starts */
} ix_fm_split_t;

/* Finds front matter at the start of TEXT[0..LEN) (after an optional UTF-8
 * BOM). Without a complete block, KIND is IX_FM_NONE and BODY is the whole
 * text. Cannot fail. */
void ix_fm_split(const char *text, size_t len, ix_fm_split_t *split_out);

/* Parses YAML TEXT[0..LEN) (a mapping) into FIELDS: scalars as one value,
 * sequences as several, nested mappings flattened to "outer.inner" keys.
 * FIRST_LINE numbers the lines in messages. Returns QR_ERR_PARSE with
 * "line N: reason", QR_ERR_NOMEM. */
qr_status_t ix_yaml_parse(const char *text, size_t len, size_t first_line,
                          ix_fields_t *fields, qr_err_t *err);

/* Parses TOML TEXT[0..LEN) into FIELDS: strings (basic, literal and
 * multi-line), arrays (flattened), inline tables and [tables] as dotted
 * keys; numbers, booleans and dates keep their text. Returns QR_ERR_PARSE
 * with "line N: reason", QR_ERR_NOMEM. */
qr_status_t ix_toml_parse(const char *text, size_t len, size_t first_line,
                          ix_fields_t *fields, qr_err_t *err);

#endif /* IX_FRONTMATTER_H */
