/* html_meta.h - the metadata an HTML page carries, in one walk.
 *
 * Pages say what they are in many places: <meta> tags (Open Graph,
 * article:*, name=author, keywords), JSON-LD scripts, <time datetime>,
 * <title> and headings, the feed link's title, and a visible byline such
 * as "May 15, 2015 · The Rust Core Team". The walk records each under its
 * own key; read_html.c decides which wins. */
#ifndef IX_HTML_META_H
#define IX_HTML_META_H

#include <libxml/tree.h>

#include "fields.h"
#include "status.h"

/* Adds what ROOT's document says about itself to FIELDS, under these keys
 * (lower case): a <meta>'s name, property or itemprop ("og:title",
 * "article:published_time", "author", "keywords", "og:site_name", ...) for
 * its content; "canonical" for <link rel=canonical>; "feed:title" for the
 * title of an Atom or RSS <link rel=alternate>; "jsonld:headline",
 * "jsonld:datepublished", "jsonld:author" and "jsonld:keywords" from
 * JSON-LD; "html:title" for <title>; "h1" and "h2" for the headings in
 * order; "time" for the first <time datetime>; and "byline:date" and
 * "byline:author" from the first element whose class names a date, byline
 * or author and whose text starts with a date. Returns QR_ERR_NOMEM. */
qr_status_t ix_html_meta_collect(const xmlNode *root, ix_fields_t *fields,
                                 qr_err_t *err);

#endif /* IX_HTML_META_H */
