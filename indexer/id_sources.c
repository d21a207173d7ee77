/* id_sources.c - which file (and line) gives each article id in one run. */
#include "id_sources.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "owners.h"
#include "terms.h"

void
ix_id_sources_init(ix_id_sources_t *s)
{
    memset(s, 0, sizeof *s);
    ix_idset_init(&s->ids);
}

void
ix_id_sources_release(ix_id_sources_t *s)
{
    for (size_t i = 0; i < s->n_paths; i++)
        free(s->paths[i]);
    free(s->paths);
    ix_idset_release(&s->ids);
    ix_id_sources_init(s);
}

/* The number of file PATH: the last one, as articles come file by file,
 * or a new one. */
static qr_status_t
file_number(ix_id_sources_t *s, const char *path, uint32_t *number_out,
            qr_err_t *err)
{
    char *copy;

    if (s->n_paths > 0 && strcmp(s->paths[s->n_paths - 1], path) == 0) {
        *number_out = (uint32_t)(s->n_paths - 1);
        return QR_OK;
    }
    if (s->n_paths >= UINT32_MAX)
        return qr_err_set(err, QR_ERR_LIMIT, "more than %u files in one run",
                          (unsigned)UINT32_MAX);
    if (s->n_paths == s->cap_paths) {
        size_t cap = s->cap_paths ? s->cap_paths * 2 : 64;
        char **paths = realloc(s->paths, cap * sizeof *paths);
        if (paths == NULL)
            return qr_err_set(err, QR_ERR_NOMEM, "out of memory for ids");
        s->paths = paths;
        s->cap_paths = cap;
    }
    copy = strdup(path);
    if (copy == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory for ids");
    s->paths[s->n_paths] = copy;
    *number_out = (uint32_t)s->n_paths++;
    return QR_OK;
}

qr_status_t
ix_id_sources_note(ix_id_sources_t *s, const qr_article_t *a,
                   const ix_sink_t *sink, bool *is_repeated_out,
                   qr_err_t *err)
{
    char term[QR_ID_TERM_BYTES];
    const char *path = a->path != NULL ? a->path : "";
    const char *other;
    uint64_t before, here;
    uint32_t number = 0;
    uint32_t line = a->line < UINT32_MAX ? (uint32_t)a->line : UINT32_MAX;
    bool is_kept;
    qr_status_t st;

    if (is_repeated_out != NULL)
        *is_repeated_out = false;
    qr_terms_id(a->id, term);
    st = file_number(s, path, &number, err);
    if (st != QR_OK)
        return st;
    here = (uint64_t)number << 32 | line;
    if (!ix_idset_get(&s->ids, term, &before))
        return ix_idset_put(&s->ids, term, here, err);
    other = s->paths[before >> 32];
    if (strcmp(other, path) == 0)
        return QR_OK;   /* the same file named twice: no rival */
    is_kept = ix_owners_compare(path, other) < 0;
    ix_id_sources_report(sink, a, other, (size_t)(before & UINT32_MAX),
                         is_kept);
    if (is_repeated_out != NULL)
        *is_repeated_out = true;
    return is_kept ? ix_idset_put(&s->ids, term, here, err) : QR_OK;
}

void
ix_id_sources_report(const ix_sink_t *sink, const qr_article_t *a,
                     const char *other, size_t other_line, bool is_kept)
{
    char msg[QR_ERR_MSG_MAX], where[32] = "";

    if (other_line > 0)
        snprintf(where, sizeof where, ":%zu", other_line);
    if (is_kept)
        snprintf(msg, sizeof msg, "id \"%s\" is also given by %s%s; this "
                 "article comes first in walk order and replaces that one",
                 a->id, other, where);
    else
        snprintf(msg, sizeof msg, "id \"%s\" is also given by %s%s, which "
                 "comes first in walk order; this article is left out",
                 a->id, other, where);
    sink->problem(sink->ctx, a->path != NULL ? a->path : "", a->line, false,
                  msg);
    if (sink->repeated != NULL)
        sink->repeated(sink->ctx);
}
