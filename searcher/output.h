/* output.h - printing an envelope as JSON, JSON Lines or text. */
#ifndef SR_OUTPUT_H
#define SR_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "options.h"
#include "status.h"

/* Prints ROOT (an envelope of output_json.h or stats.h) to OUT in FORMAT:
 * SR_FORMAT_JSON indented; SR_FORMAT_JSONL one compact line per hit, for
 * streaming (nothing for no hits), and any envelope without hits (an
 * error, the statistics) as one line; SR_FORMAT_TEXT for people
 * (output_text.h), in colour when USES_COLOR. Returns QR_ERR_IO when
 * writing fails, QR_ERR_NOMEM. */
qr_status_t sr_output_print(FILE *out, const json_t *root,
                            sr_format_t format, bool uses_color,
                            qr_err_t *err);

#endif /* SR_OUTPUT_H */
