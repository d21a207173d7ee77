/* json_schema.h - a JSON Schema validator for the subset quarry's schemas
 * use, so tests can check real output against docs/schema/.
 *
 * Keywords: $ref (to "#/..." in the same document), type, enum, const,
 * properties, required, additionalProperties, items, minItems, maxItems,
 * minimum, maximum, pattern (POSIX extended), oneOf, anyOf; annotations
 * ($schema, $id, $defs, $comment, title, description, format, examples)
 * are skipped. Any other keyword fails validation, so a schema cannot
 * silently rely on one this validator ignores. */
#ifndef QR_JSON_SCHEMA_H
#define QR_JSON_SCHEMA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Validates INSTANCE against SCHEMA, a schema inside the document ROOT
 * (which $ref resolves against). Returns true when it is valid; else
 * writes the first failure, with the instance path, into WHY (CAP bytes). */
bool js_validate(const json_t *root, const json_t *schema,
                 const json_t *instance, char *why, size_t cap);

/* Loads the schema file PATH, failing the running test when it cannot. The
 * caller decrefs it. */
json_t *js_load(const char *path);

#endif /* QR_JSON_SCHEMA_H */
