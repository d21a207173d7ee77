/* reader.h - the interface every article format reader implements.
 *
 * The walk reads a file once, sanitises it to UTF-8, and hands it to the
 * reader for its format. A reader turns it into zero or more articles and
 * passes each to the sink; problems with part of a file (a bad JSON line, a
 * date that does not parse) go to the sink too, so one bad record never
 * loses the others. A reader returns a failure status only when nothing in
 * the file can be used. */
#ifndef IX_READER_H
#define IX_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "status.h"

typedef struct ix_source {
    const char *path;      /* the file, as the walk found it */
    const char *data;      /* its content, valid UTF-8, NUL-terminated */
    size_t len;
    int64_t mtime;         /* modification time, UTC seconds */
} ix_source_t;

typedef struct ix_sink {
    /* Takes one finished article, borrowed for the call. A status other
     * than QR_OK stops the file. */
    qr_status_t (*article)(void *ctx, const qr_article_t *article,
                           qr_err_t *err);
    /* Reports a problem at LINE (0 for the whole file) of PATH. IS_FAILURE
     * means an article was lost; otherwise it is a warning. */
    void (*problem)(void *ctx, const char *path, size_t line,
                    bool is_failure, const char *msg);
    /* Says that PATH is not an article at all (a redirect stub, a
     * template, a listing page) and why, REASON being a constant string.
     * May be NULL where nobody asks. */
    void (*skip)(void *ctx, const char *path, const char *reason);
    void *ctx;
    /* Counts an article left out because an earlier record of its file
     * has the same id (ingest.c reports it as a warning). May be NULL. */
    void (*repeated)(void *ctx);
} ix_sink_t;

/* Version of what the readers extract and how the tokenizer splits it.
 * Bump it when a change makes the readers read the same file differently
 * or the tokenizer split the same text into other terms: the next run then
 * re-reads every file instead of trusting that unchanged files give
 * unchanged articles, and, since the version is part of each article's
 * content hash (index.c), rewrites every article with the new terms.
 * 3: a file giving an id twice keeps the first article, and the files
 * giving one id are recorded (owners.h); reading every file again records
 * them for an older index.
 * 4: each side of a '/' is a part of its own ("c++" in "C/C++").
 * 5: a name with a leading dot is one term (".NET" no longer gives
 * "net").
 * 6: neighbouring words are also indexed as pair terms (terms.h).
 * 7: the week value carries the article's length bucket, which bounds its
 * recency part (qr_doc_set_week).
 * 8: JSON's "\u0000" and lone surrogate escapes are read as U+FFFD (a
 * page whose JSON-LD held one lost its headline and date), and so is the
 * NUL of a front matter escape (YAML's "\0" cut "abc\0def" to "abc"). */
#define IX_READERS_VERSION "8"

/* Tells SINK that SRC is no article, when the sink listens. */
static inline void
ix_sink_skip(const ix_sink_t *sink, const char *path, const char *reason)
{
    if (sink->skip != NULL)
        sink->skip(sink->ctx, path, reason);
}

typedef qr_status_t (*ix_reader_fn)(const ix_source_t *src,
                                    const ix_sink_t *sink, qr_err_t *err);

/* Markdown with optional YAML or TOML front matter: one article. */
qr_status_t ix_read_markdown(const ix_source_t *src, const ix_sink_t *sink,
                             qr_err_t *err);

/* JSON Lines: one article per non-blank line. */
qr_status_t ix_read_jsonl(const ix_source_t *src, const ix_sink_t *sink,
                          qr_err_t *err);

/* A JSON file: one article object, an array of them, an object whose
 * members are article objects (keyed by number or slug), or an object
 * wrapping one such array ({"posts": [...]}). */
qr_status_t ix_read_json(const ix_source_t *src, const ix_sink_t *sink,
                         qr_err_t *err);

/* An HTML page: one article. */
qr_status_t ix_read_html(const ix_source_t *src, const ix_sink_t *sink,
                         qr_err_t *err);

/* An Atom or RSS feed: one article per entry or item. */
qr_status_t ix_read_feed(const ix_source_t *src, const ix_sink_t *sink,
                         qr_err_t *err);

/* reStructuredText with a mail-style header (PEPs) or a field list. */
qr_status_t ix_read_rst(const ix_source_t *src, const ix_sink_t *sink,
                        qr_err_t *err);

/* A Go "present" article: title, date, header lines, author blocks. */
qr_status_t ix_read_present(const ix_source_t *src, const ix_sink_t *sink,
                            qr_err_t *err);

/* Plain text: the first line is the title, a date line may follow. */
qr_status_t ix_read_text(const ix_source_t *src, const ix_sink_t *sink,
                         qr_err_t *err);

/* The reader for PATH's file name, or NULL when quarry does not read that
 * kind of file. *FORMAT_OUT gets the format's name. Cannot fail. */
ix_reader_fn ix_reader_for_path(const char *path, const char **format_out);

/* When a file found in a folder is not an article by its name, the
 * reason: README, LICENSE, CHANGELOG and CONTRIBUTING files, and section
 * indexes named "_index.*" (Hugo and Zola list a section's posts there).
 * Else NULL. Such a file named on the command line is still read. Cannot
 * fail. */
const char *ix_reader_skips_name(const char *path);

/* True when PATH's file name is "index.*" or "all.*": a page that lists a
 * section's posts when it has no date of its own (a post kept as
 * "slug/index.md" has one). Cannot fail. */
bool ix_reader_is_listing_name(const char *path);

#endif /* IX_READER_H */
