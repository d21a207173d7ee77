/* output.c - printing an envelope as JSON, JSON Lines or text. */
#include "output.h"

#include "output_text.h"

static qr_status_t
print_jsonl(FILE *out, const json_t *root)
{
    const json_t *hits = json_object_get(root, "hits");
    const json_t *hit;
    size_t i;

    if (!json_is_array(hits)) {
        if (json_dumpf(root, out, JSON_COMPACT) != 0 || fputc('\n', out) ==
            EOF)
            return QR_ERR_IO;
        return QR_OK;
    }
    json_array_foreach(hits, i, hit) {
        if (json_dumpf(hit, out, JSON_COMPACT) != 0 ||
            fputc('\n', out) == EOF)
            return QR_ERR_IO;
    }
    return QR_OK;
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
        st = json_dumpf(root, out, JSON_INDENT(2)) == 0 &&
             fputc('\n', out) != EOF ? QR_OK : QR_ERR_IO;
        break;
    }
    if (st == QR_OK && fflush(out) != 0)
        st = QR_ERR_IO;
    if (st == QR_ERR_IO)
        return qr_err_set(err, QR_ERR_IO, "writing the results failed");
    return st;
}
