/* markdown_text.h - the words of a Markdown body, without its syntax.
 *
 * md4c parses the Markdown; its callbacks give the text without link
 * targets, emphasis marks or fence markers, and code (spans and blocks)
 * is kept. Raw HTML inside the Markdown goes through libxml2, so its tags
 * disappear and its text stays. Site-generator syntax that is no Markdown
 * is removed first: Zola shortcodes ("{{ name(args) }}", "{% name() %}",
 * "{% end %}") outside code fences, and, in a body that is a Go template,
 * every template action. */
#ifndef IX_MARKDOWN_TEXT_H
#define IX_MARKDOWN_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"
#include "text.h"

/* Appends the text of the Markdown MD[0..LEN) (UTF-8) to T. With
 * IS_GO_TEMPLATE (go.dev's "template: true" front matter) the body is first
 * run as a Go template would be: "{{raw X}}" and "{{X}}" for a string X
 * leave X, and every other action ("{{image ...}}", "{{code ...}}",
 * "{{range ...}}") leaves nothing. Returns QR_ERR_NOMEM, or QR_ERR_PARSE if
 * md4c gives up. */
qr_status_t ix_markdown_text(const char *md, size_t len, bool is_go_template,
                             ix_text_t *t, qr_err_t *err);

#endif /* IX_MARKDOWN_TEXT_H */
