/* fuzz_fields.c - one header parser (FUZZ_FIELDS, chosen at build time:
 * yaml, toml or mail) on any text: it may refuse it, never crash, hang or
 * leak. The front matter of a seed article is what it parses when it has
 * one, so the Markdown of the shared corpora seeds the YAML and TOML
 * targets as the readers would call them. */
#include "fields.h"
#include "frontmatter.h"
#include "fuzz_input.h"
#include "mailheader.h"

enum { FUZZ_YAML, FUZZ_TOML, FUZZ_MAIL };

/* The text the parser of KIND gets: the front matter of that kind when
 * TEXT has one, else all of it. */
static void
parser_input(int kind, const char *text, size_t len, const char **in,
             size_t *in_len)
{
    ix_fm_split_t split;

    ix_fm_split(text, len, &split);
    *in = text;
    *in_len = len;
    if ((kind == FUZZ_YAML && split.kind == IX_FM_YAML) ||
        (kind == FUZZ_TOML && split.kind == IX_FM_TOML)) {
        *in = split.meta;
        *in_len = split.meta_len;
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ix_fields_t fields;
    size_t len, in_len, body = 0;
    const char *in;
    char *text = fuzz_text(data, size, &len);
    qr_err_t err;

    if (text == NULL)
        return 0;
    parser_input(FUZZ_FIELDS, text, len, &in, &in_len);
    ix_fields_init(&fields);
    if (FUZZ_FIELDS == FUZZ_YAML) {
        (void)ix_yaml_parse(in, in_len, 1, &fields, &err);
    } else if (FUZZ_FIELDS == FUZZ_TOML) {
        (void)ix_toml_parse(in, in_len, 1, &fields, &err);
    } else {
        (void)ix_header_parse(in, in_len, IX_HEADER_MAIL, 1, &fields, &body,
                              &err);
        ix_fields_release(&fields);
        ix_fields_init(&fields);
        (void)ix_header_parse(in, in_len, IX_HEADER_FIELD_LIST, 1, &fields,
                              &body, &err);
    }
    ix_fields_release(&fields);
    free(text);
    return 0;
}
