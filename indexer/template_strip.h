/* template_strip.h - remove static-site template syntax from Markdown.
 *
 * Two syntaxes reach Markdown bodies in real archives: Zola shortcodes
 * ("{{ youtube(id="x") }}", "{% note() %} ... {% end %}"), which only count
 * outside code fences because code often holds "{{" (Rust's "{{closure}}",
 * GitHub Actions' "${{ ... }}"), and Go template actions in go.dev pages
 * marked "template: true", where every "{{...}}" is an action. */
#ifndef IX_TEMPLATE_STRIP_H
#define IX_TEMPLATE_STRIP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "status.h"

/* Appends MD[0..LEN) to OUT without its shortcodes and, when
 * IS_GO_TEMPLATE, without its Go template actions: an action that is a
 * string ("{{"x"}}") or "raw" of a string ("{{raw `code`}}") leaves the
 * string, any other leaves nothing. An action that never closes is kept as
 * text. Returns QR_ERR_NOMEM. */
qr_status_t ix_template_strip(const char *md, size_t len, bool is_go_template,
                              qr_buf_t *out, qr_err_t *err);

#endif /* IX_TEMPLATE_STRIP_H */
