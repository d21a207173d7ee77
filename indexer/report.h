/* report.h - what quarry-index tells people and tools about a run: the
 * summary line, the JSON summary and status file, the progress bar. */
#ifndef IX_REPORT_H
#define IX_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "run.h"

typedef struct ix_run_report {
    const ix_run_counts_t *counts;
    int64_t start;            /* UTC seconds */
    int64_t end;
    double seconds;           /* wall time of the run */
    int exit_code;
    const char *error;        /* what ended the run early, or NULL */
    bool is_full;
} ix_run_report_t;

/* Writes "added 12, updated 3, deleted 1, unchanged 4210, failed 0 in
 * 0.8 s" and a newline to OUT. Cannot fail (write errors are ignored). */
void ix_report_line(const ix_run_report_t *report, FILE *out);

/* Builds the run summary as JSON (the status file and --json share it).
 * Returns NULL on OOM; the caller decrefs. */
json_t *ix_report_json(const ix_run_report_t *report);

/* Writes JSON to PATH atomically (qr_file_write_atomic), so a monitor
 * never reads half a file. The caller keeps other writers of PATH out
 * (quarry-index holds the index's lock). Returns QR_ERR_IO,
 * QR_ERR_NOMEM. */
qr_status_t ix_report_write_file(const json_t *json, const char *path,
                                 qr_err_t *err);

typedef struct ix_progress {
    FILE *out;
    double start;             /* monotonic seconds */
    double last_draw;
    bool has_drawn;
} ix_progress_t;

/* Writes a problem with a file, "PATH[:LINE]: [warning: ]MSG" and a
 * newline, to OUT (LINE 0 means the whole file). Cannot fail. */
void ix_report_problem(FILE *out, const char *path, size_t line,
                       bool is_failure, const char *msg);

/* Starts a progress bar on OUT. Cannot fail. */
void ix_progress_init(ix_progress_t *bar, FILE *out);

/* A run's progress callback (ix_run_opts_t.progress): redraws the bar with
 * done/total files, the rate and the time left, at most ten times a
 * second. Cannot fail. */
void ix_progress_update(void *bar, size_t done, size_t total);

/* Clears the bar's line if one was drawn. Cannot fail. */
void ix_progress_finish(ix_progress_t *bar);

#endif /* IX_REPORT_H */
