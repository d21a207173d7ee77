/* output.c - printing an envelope as JSON, JSON Lines or text. */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "output_text.h"

/* Writes JSON and a newline to OUT. The text is made in memory and written
 * once: json_dumpf writes every piece through its own fwrite call, which
 * was a tenth of a whole search's instructions. */
static qr_status_t
print_json(FILE *out, const json_t *json, size_t flags)
{
    char *text = json_dumps(json, flags);
    qr_status_t st = QR_ERR_IO;

    if (text == NULL)
        return QR_ERR_NOMEM;
    if (fwrite(text, 1, strlen(text), out) == strlen(text) &&
        fputc('\n', out) != EOF) {
        st = QR_OK;
    }
    free(text);
    return st;
}

static qr_status_t
print_jsonl(FILE *out, const json_t *root)
{
    const json_t *hits = json_object_get(root, "hits");
    const json_t *hit;
    qr_status_t st = QR_OK;
    size_t i;

    if (!json_is_array(hits))
        return print_json(out, root, JSON_COMPACT);
    json_array_foreach(hits, i, hit) {
        if (st == QR_OK)
            st = print_json(out, hit, JSON_COMPACT);
    }
    return st;
}

qr_status_t
sr_output_print(FILE *out, const json_t *root, sr_format_t format,
                bool uses_color, qr_err_t *err)
{
    qr_status_t st;

    switch (format) {
    case SR_FORMAT_JSONL:
        st = print_jsonl(out, root);
        break;
    case SR_FORMAT_TEXT:
        st = sr_text_print(out, root, uses_color, err);
        break;
    case SR_FORMAT_JSON:
    case SR_FORMAT_AUTO:
    default:
        st = print_json(out, root, JSON_INDENT(2));
        break;
    }
    if (st == QR_OK && fflush(out) != 0)
        st = QR_ERR_IO;
    if (st == QR_ERR_IO)
        return qr_err_set(err, QR_ERR_IO, "writing the results failed");
    if (st == QR_ERR_NOMEM)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory printing the "
                          "results");
    return st;
}
