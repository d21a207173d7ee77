/* report.c - summary line, JSON summary and status file, progress bar. */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "fileio.h"
#include "status.h"

/* Redraw the bar at most this often, in seconds. */
static const double REDRAW_INTERVAL = 0.1;

void
ix_report_line(const ix_run_report_t *r, FILE *out)
{
    const ix_run_counts_t *c = r->counts;

    fprintf(out, "added %zu, updated %zu, deleted %zu, unchanged %zu, "
            "failed %zu", c->n_added, c->n_updated, c->n_deleted,
            c->n_unchanged, c->n_failed);
    if (c->n_repeated > 0)
        fprintf(out, ", repeated ids %zu", c->n_repeated);
    fprintf(out, " in %.1f s\n", r->seconds);
}

json_t *
ix_report_json(const ix_run_report_t *r)
{
    const ix_run_counts_t *c = r->counts;
    char start[QR_DATE_ISO_BYTES], end[QR_DATE_ISO_BYTES];
    const char *error = r->error;

    if (error == NULL && c->last_failure[0] != '\0')
        error = c->last_failure;
    return json_pack(
        "{s:s, s:s, s:f, s:i, s:b, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
        "s:I, s:I, s:I, s:I, s:I}, s:s?}",
        "start", qr_date_format_iso(r->start, start),
        "end", qr_date_format_iso(r->end, end),
        "seconds", r->seconds,
        "exit_code", r->exit_code,
        "full", r->is_full,
        "counts",
        "added", (json_int_t)c->n_added,
        "updated", (json_int_t)c->n_updated,
        "deleted", (json_int_t)c->n_deleted,
        "unchanged", (json_int_t)c->n_unchanged,
        "failed", (json_int_t)c->n_failed,
        "warnings", (json_int_t)c->n_warnings,
        "skipped", (json_int_t)c->n_skipped,
        "repeated_ids", (json_int_t)c->n_repeated,
        "files_read", (json_int_t)c->n_files_read,
        "files_unchanged", (json_int_t)c->n_files_unchanged,
        "delete_refused", (json_int_t)c->n_delete_refused,
        "terms_dropped", (json_int_t)c->n_terms_dropped,
        "last_error", error);
}

qr_status_t
ix_report_write_file(const json_t *json, const char *path, qr_err_t *err)
{
    char *text = json_dumps(json, JSON_INDENT(2));
    size_t len;
    qr_status_t st;

    if (text == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "%s: out of memory", path);
    len = strlen(text);
    text[len] = '\n';   /* over the NUL: the length says where it ends */
    st = qr_file_write_atomic(path, text, len + 1, err);
    free(text);
    return st;
}

static double
now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
ix_report_problem(FILE *out, const char *path, size_t line, bool is_failure,
                  const char *msg)
{
    const char *kind = is_failure ? "" : "warning: ";

    if (line > 0)
        fprintf(out, "%s:%zu: %s%s\n", path, line, kind, msg);
    else
        fprintf(out, "%s: %s%s\n", path, kind, msg);
}

void
ix_progress_init(ix_progress_t *bar, FILE *out)
{
    bar->out = out;
    bar->start = now_seconds();
    bar->last_draw = 0;
    bar->has_drawn = false;
}

void
ix_progress_update(void *ctx, size_t done, size_t total)
{
    enum { WIDTH = 24 };
    ix_progress_t *bar = ctx;
    double now = now_seconds(), elapsed = now - bar->start;
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    char cells[WIDTH + 1];
    size_t filled = total ? done * WIDTH / total : 0;

    if (now - bar->last_draw < REDRAW_INTERVAL && done < total)
        return;
    bar->last_draw = now;
    bar->has_drawn = true;
    for (size_t i = 0; i < WIDTH; i++)
        cells[i] = i < filled ? '#' : '.';
    cells[WIDTH] = '\0';
    if (total > 0 && rate > 0 && done <= total)
        fprintf(bar->out, "\r[%s] %zu/%zu files  %.0f/s  ETA %.0f s \033[K",
                cells, done, total, rate, (double)(total - done) / rate);
    else
        fprintf(bar->out, "\r[%s] %zu files  %.0f/s\033[K", cells, done,
                rate);
    fflush(bar->out);
}

void
ix_progress_finish(ix_progress_t *bar)
{
    if (bar->has_drawn)
        fputs("\r\033[K", bar->out);
}
