/* charset.c - HTML pages in a charset other than UTF-8, made UTF-8. */
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "utf8.h"

/* Labels the WHATWG Encoding Standard reads as windows-1252: pages that
 * say Latin-1 mean it, and its 0x80-0x9F are quotes and dashes, not the
 * control codes of ISO 8859-1. */
static const char *const WINDOWS_1252_LABELS[] = {
    "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "cp819",
    "ibm819", "us-ascii", "ascii", "x-cp1252", NULL
};

static void
set_name(char *name, const char *label)
{
    for (size_t i = 0; WINDOWS_1252_LABELS[i] != NULL; i++) {
        if (strcasecmp(label, WINDOWS_1252_LABELS[i]) == 0)
            label = "windows-1252";
    }
    snprintf(name, IX_CHARSET_NAME_MAX, "%s", label);
}

bool
ix_charset_of_html(const char *raw, size_t len, char *name)
{
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                  HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    int n = len > INT32_MAX ? INT32_MAX : (int)len;
    xmlCharEncoding bom = xmlDetectCharEncoding((const unsigned char *)raw,
                                                n);
    htmlDocPtr doc;
    bool is_declared = false;

    name[0] = '\0';
    if (bom == XML_CHAR_ENCODING_UTF16LE || bom == XML_CHAR_ENCODING_UTF16BE) {
        set_name(name, bom == XML_CHAR_ENCODING_UTF16LE ? "UTF-16LE"
                                                        : "UTF-16BE");
        return true;
    }
    if (qr_utf8_is_valid(raw, len))
        return false;
    /* No encoding given: the parser reads the page's own declaration. */
    doc = htmlReadMemory(raw, n, NULL, NULL, options);
    if (doc != NULL && doc->encoding != NULL &&
        strcasecmp((const char *)doc->encoding, "utf-8") != 0 &&
        strcasecmp((const char *)doc->encoding, "utf8") != 0) {
        set_name(name, (const char *)doc->encoding);
        is_declared = true;
    }
    xmlFreeDoc(doc);
    return is_declared;
}

qr_status_t
ix_charset_to_utf8(const char *charset, const char *raw, size_t len,
                   char **out, size_t *len_out, size_t *n_invalid_out,
                   qr_err_t *err)
{
    static const char REPLACEMENT[] = "\xEF\xBF\xBD";   /* U+FFFD */
    iconv_t cd = iconv_open("UTF-8", charset);
    char *in = (char *)raw;
    size_t in_left = len, n_invalid = 0;
    qr_buf_t buf;
    qr_status_t st;

    *out = NULL;
    *len_out = 0;
    *n_invalid_out = 0;
    if (cd == (iconv_t)-1)
        return qr_err_set(err, QR_ERR_ENCODING, "charset \"%s\" is not one "
                          "quarry can read", charset);
    qr_buf_init(&buf);
    st = qr_buf_reserve(&buf, len < SIZE_MAX / 4 ? len * 2 + 16 : len, err);
    while (st == QR_OK) {
        bool is_flush = in_left == 0;     /* all read: end any shift state */
        char *o = buf.data + buf.len;
        size_t o_left = buf.cap - buf.len - 1;   /* room for the NUL */
        size_t r = is_flush ? iconv(cd, NULL, NULL, &o, &o_left)
                            : iconv(cd, &in, &in_left, &o, &o_left);

        buf.len = (size_t)(o - buf.data);
        if (r != (size_t)-1) {
            if (is_flush)
                break;
            continue;
        }
        if (errno == E2BIG) {
            st = qr_buf_reserve(&buf, buf.cap - buf.len + 64, err);
        } else if (!is_flush && (errno == EILSEQ || errno == EINVAL)) {
            /* A byte the charset does not define, or one cut short. */
            st = qr_buf_append(&buf, REPLACEMENT, sizeof REPLACEMENT - 1,
                               err);
            in++;
            in_left--;
            n_invalid++;
        } else {
            st = qr_err_set(err, QR_ERR_ENCODING, "converting from %s: %s",
                            charset, qr_strerror(errno).text);
        }
    }
    iconv_close(cd);
    if (st == QR_ERR_NOMEM)
        qr_err_prefix(err, "converting from %s: ", charset);
    if (st == QR_OK)
        st = qr_buf_detach(&buf, out, len_out, err);
    qr_buf_release(&buf);
    if (st == QR_OK)
        *n_invalid_out = n_invalid;
    return st;
}
