/* output_text.c - results for people at a terminal. */
#include "output_text.h"

#include <stdarg.h>
#include <string.h>

/* ANSI SGR sequences. */
#define SGR_BOLD "\033[1m"
#define SGR_DIM "\033[2m"
#define SGR_MATCH "\033[1;33m"   /* bold yellow */
#define SGR_RESET "\033[0m"

/* Lines under a hit's title start under its first letter ("  1. "). */
#define INDENT "     "

/* Width of the longest bar of a timeline, in cells. */
enum { BAR_CELLS = 40 };

typedef struct printer {
    FILE *out;
    bool uses_color;
    bool is_ok;
} printer_t;

static void
put(printer_t *p, const char *s)
{
    if (p->is_ok && fputs(s, p->out) == EOF)
        p->is_ok = false;
}

static void
put_style(printer_t *p, const char *sgr)
{
    if (p->uses_color)
        put(p, sgr);
}

/* True when S[I..LEN) starts with a bidirectional embedding, override or
 * isolate control (U+202A-U+202E, U+2066-U+2069): an article could use
 * one to make the terminal show text in another order than it is. */
static bool
is_bidi_control(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;

    return i + 2 < len && u[0] == 0xE2 &&
           ((u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE) ||
            (u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9));
}

bool
sr_text_put_clean(FILE *out, const char *s, size_t len)
{
    static const char REPLACEMENT[] = "\xef\xbf\xbd";
    size_t run = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool is_c1 = c == 0xC2 && i + 1 < len &&
                     (unsigned char)s[i + 1] >= 0x80 &&
                     (unsigned char)s[i + 1] <= 0x9F;
        bool is_bidi = is_bidi_control(s, len, i);
        const char *instead;
        if (c >= 0x20 && c != 0x7F && !is_c1 && !is_bidi)
            continue;
        instead = c == '\t' || c == '\n' || c == '\r' ? " " : REPLACEMENT;
        if (fwrite(s + run, 1, i - run, out) != i - run ||
            fputs(instead, out) == EOF)
            return false;
        i += is_c1 ? 1 : is_bidi ? 2 : 0;
        run = i + 1;
    }
    return fwrite(s + run, 1, len - run, out) == len - run;
}

void
sr_text_say(FILE *out, const char *fmt, ...)
{
    char message[8192];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    fputs("quarry-search: ", out);
    sr_text_put_clean(out, message, strnlen(message, sizeof message));
    fputc('\n', out);
}

static void
put_clean(printer_t *p, const char *s, size_t len)
{
    if (p->is_ok && !sr_text_put_clean(p->out, s, len))
        p->is_ok = false;
}

static void
put_string(printer_t *p, const json_t *value)
{
    if (json_is_string(value))
        put_clean(p, json_string_value(value), json_string_length(value));
}

static void
put_number(printer_t *p, json_int_t n)
{
    if (p->is_ok && fprintf(p->out, "%lld", (long long)n) < 0)
        p->is_ok = false;
}

/* The snippet's text with its highlights in colour (plain without). */
static void
put_snippet(printer_t *p, const json_t *snippet)
{
    const char *text = json_string_value(json_object_get(snippet, "text"));
    size_t len = json_string_length(json_object_get(snippet, "text"));
    const json_t *marks = json_object_get(snippet, "highlights");
    const json_t *mark;
    size_t at = 0, i;

    if (text == NULL || len == 0)
        return;
    put(p, INDENT);
    if (json_is_true(json_object_get(snippet, "truncated_start")))
        put(p, "\xe2\x80\xa6");
    json_array_foreach(marks, i, mark) {
        size_t start = (size_t)json_integer_value(json_object_get(mark,
                                                                  "start"));
        size_t end = (size_t)json_integer_value(json_object_get(mark, "end"));
        if (start < at || end < start || end > len)
            continue;
        put_clean(p, text + at, start - at);
        put_style(p, SGR_MATCH);
        put_clean(p, text + start, end - start);
        put_style(p, SGR_RESET);
        at = end;
    }
    put_clean(p, text + at, len - at);
    if (json_is_true(json_object_get(snippet, "truncated_end")))
        put(p, "\xe2\x80\xa6");
    put(p, "\n");
}

/* Date (the day), author and where the article lives, dimmed. */
static void
put_meta(printer_t *p, const json_t *hit)
{
    const char *date = json_string_value(json_object_get(hit, "date"));
    const json_t *author = json_object_get(hit, "author");
    const json_t *url = json_object_get(hit, "url");
    const json_t *where = json_is_string(url) ? url
                                              : json_object_get(hit, "path");
    bool has_field = false;

    put(p, INDENT);
    put_style(p, SGR_DIM);
    if (date != NULL && strlen(date) >= 10) {
        put_clean(p, date, 10);
        has_field = true;
    }
    if (json_is_string(author)) {
        put(p, has_field ? " \xc2\xb7 " : "");
        put_string(p, author);
        has_field = true;
    }
    if (json_is_string(where)) {
        put(p, has_field ? " \xc2\xb7 " : "");
        put_string(p, where);
    }
    put_style(p, SGR_RESET);
    put(p, "\n");
}

static void
put_hit(printer_t *p, const json_t *hit)
{
    const json_t *title = json_object_get(hit, "title");

    if (p->is_ok && fprintf(p->out, "%3lld. ", (long long)json_integer_value(
                                json_object_get(hit, "rank"))) < 0)
        p->is_ok = false;
    put_style(p, SGR_BOLD);
    if (json_is_string(title))
        put_string(p, title);
    else
        put_string(p, json_object_get(hit, "id"));
    put_style(p, SGR_RESET);
    put(p, "\n");
    put_meta(p, hit);
    put_snippet(p, json_object_get(hit, "snippet"));
}

static void
put_heading(printer_t *p, const json_t *root)
{
    const json_t *bounds = json_object_get(root, "total_bounds");
    json_int_t total = json_integer_value(json_object_get(root, "total"));
    const json_t *like = json_object_get(root, "like");
    bool is_exact = json_integer_value(json_object_get(bounds, "lower")) ==
                    json_integer_value(json_object_get(bounds, "upper"));

    put_style(p, SGR_DIM);
    put(p, is_exact ? "" : "about ");
    put_number(p, total);
    put(p, total == 1 ? " match" : " matches");
    if (json_is_object(like)) {
        const json_t *title = json_object_get(like, "title");
        put(p, " like ");
        put_string(p, json_is_string(title) ? title
                                            : json_object_get(like, "id"));
    }
    put_style(p, SGR_RESET);
    put(p, "\n");
}

static void
put_suggestion(printer_t *p, const json_t *suggestion)
{
    if (!json_is_object(suggestion))
        return;
    put(p, "Did you mean: ");
    put_style(p, SGR_BOLD);
    put_string(p, json_object_get(suggestion, "query"));
    put_style(p, SGR_RESET);
    put(p, "?\n");
}

static void
put_warnings(printer_t *p, const json_t *warnings)
{
    const json_t *w;
    size_t i;

    json_array_foreach(warnings, i, w) {
        put(p, "warning: ");
        put_string(p, json_object_get(w, "message"));
        put(p, "\n");
    }
}

/* A facet's values: "value count" pairs, or bars for a timeline. */
static void
put_facet(printer_t *p, const char *name, const json_t *facet,
          bool is_timeline)
{
    const json_t *values = json_object_get(facet, "values");
    const json_t *v;
    json_int_t most = 1;
    size_t i;

    json_array_foreach(values, i, v) {
        json_int_t c = json_integer_value(json_object_get(v, "count"));
        most = c > most ? c : most;
    }
    put(p, "\n");
    put_style(p, SGR_BOLD);
    put(p, name);
    put_style(p, SGR_RESET);
    put(p, is_timeline ? "\n" : ":");
    json_array_foreach(values, i, v) {
        json_int_t c = json_integer_value(json_object_get(v, "count"));
        put(p, is_timeline ? "  " : (i > 0 ? ", " : " "));
        put_string(p, json_object_get(v, "value"));
        put(p, " ");
        if (is_timeline) {
            for (json_int_t k = 0; k < (c * BAR_CELLS + most - 1) / most; k++)
                put(p, "\xe2\x96\x88");
            put(p, c > 0 ? " " : "");
        }
        put_number(p, c);
        put(p, is_timeline ? "\n" : "");
    }
    put(p, is_timeline ? "" : "\n");
}

static void
put_facets(printer_t *p, const json_t *facets)
{
    static const char *const NAMES[] = { "tag", "author", "year", "month" };

    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        const json_t *facet = json_object_get(facets, NAMES[i]);
        if (facet != NULL)
            put_facet(p, NAMES[i], facet, i >= 2);
    }
}

qr_status_t
sr_text_print(FILE *out, const json_t *root, bool uses_color, qr_err_t *err)
{
    printer_t p = { out, uses_color, true };
    const json_t *hits = json_object_get(root, "hits");
    const json_t *error = json_object_get(root, "error");
    const json_t *hit;
    size_t i;

    if (json_is_object(error)) {
        put(&p, "error: ");
        put_string(&p, json_object_get(error, "message"));
        put(&p, "\n");
    } else if (!json_is_array(hits)) {
        p.is_ok = json_dumpf(root, out, JSON_INDENT(2)) == 0 &&
                  fputc('\n', out) != EOF;
    } else {
        put_heading(&p, root);
        put_suggestion(&p, json_object_get(root, "suggestion"));
        put_warnings(&p, json_object_get(root, "warnings"));
        json_array_foreach(hits, i, hit) {
            put(&p, "\n");
            put_hit(&p, hit);
        }
        put_facets(&p, json_object_get(root, "facets"));
    }
    if (!p.is_ok)
        return qr_err_set(err, QR_ERR_IO, "writing the results failed");
    return QR_OK;
}
