/* reader_sink.h - a sink that collects what a reader produced, for tests. */
#ifndef QR_READER_SINK_H
#define QR_READER_SINK_H

#include <jansson.h>

#include "reader.h"

typedef struct collected {
    json_t *articles;   /* array of qr_article_to_json objects + "body" */
    json_t *problems;   /* array of {"line", "failure", "msg"} */
    json_t *skips;      /* array of the reasons a reader gave for a skip */
} collected_t;

/* Prepares C and a sink that fills it. Release with collected_release. */
void collected_init(collected_t *c, ix_sink_t *sink);

void collected_release(collected_t *c);

/* Reads the fixture NAME (relative to QR_TEST_DATA_DIR) with READ into C;
 * returns the reader's status. MTIME is the file time the source claims. */
qr_status_t collected_read(collected_t *c, ix_sink_t *sink, ix_reader_fn read,
                           const char *name, int64_t mtime, qr_err_t *err);

/* The string member KEY of article I, or NULL. */
const char *collected_str(const collected_t *c, size_t i, const char *key);

#endif /* QR_READER_SINK_H */
