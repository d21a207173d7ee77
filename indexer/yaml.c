/* yaml.c - YAML front matter into fields, through libyaml's document API. */
#include "frontmatter.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

enum { MAX_KEY = 128, MAX_DEPTH = 8 };

static qr_status_t add_node(yaml_document_t *doc, yaml_node_t *node,
                            const char *key, size_t first_line, size_t line,
                            int depth, ix_fields_t *fields, qr_err_t *err);

static qr_status_t
add_mapping(yaml_document_t *doc, yaml_node_t *node, const char *prefix,
            size_t first_line, int depth, ix_fields_t *fields, qr_err_t *err)
{
    for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
         pair < node->data.mapping.pairs.top; pair++) {
        yaml_node_t *key = yaml_document_get_node(doc, pair->key);
        yaml_node_t *value = yaml_document_get_node(doc, pair->value);
        char full[MAX_KEY];
        qr_status_t st;

        if (key == NULL || value == NULL || key->type != YAML_SCALAR_NODE)
            continue;   /* complex keys carry nothing an article needs */
        snprintf(full, sizeof full, "%s%s%.*s", prefix, prefix[0] ? "." : "",
                 (int)key->data.scalar.length,
                 (const char *)key->data.scalar.value);
        /* Report the key's line: that is where a person looks. */
        st = add_node(doc, value, full, first_line,
                      first_line + key->start_mark.line, depth + 1, fields,
                      err);
        if (st != QR_OK)
            return st;
    }
    return QR_OK;
}

static qr_status_t
add_node(yaml_document_t *doc, yaml_node_t *node, const char *key,
         size_t first_line, size_t line, int depth, ix_fields_t *fields,
         qr_err_t *err)
{
    if (depth > MAX_DEPTH)
        return QR_OK;
    switch (node->type) {
    case YAML_SCALAR_NODE:
        return ix_fields_add(fields, key, strlen(key),
                             (const char *)node->data.scalar.value,
                             node->data.scalar.length, line, err);
    case YAML_SEQUENCE_NODE:
        for (yaml_node_item_t *item = node->data.sequence.items.start;
             item < node->data.sequence.items.top; item++) {
            yaml_node_t *kid = yaml_document_get_node(doc, *item);
            qr_status_t st;
            if (kid == NULL)
                continue;
            st = add_node(doc, kid, key, first_line, line, depth + 1, fields,
                          err);
            if (st != QR_OK)
                return st;
        }
        return QR_OK;
    case YAML_MAPPING_NODE:
        return add_mapping(doc, node, key, first_line, depth, fields, err);
    case YAML_NO_NODE:
    default:
        return QR_OK;
    }
}

qr_status_t
ix_yaml_parse(const char *text, size_t len, size_t first_line,
              ix_fields_t *fields, qr_err_t *err)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_node_t *root;
    qr_status_t st = QR_OK;

    if (!yaml_parser_initialize(&parser))
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory for YAML");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        st = qr_err_set(err, QR_ERR_PARSE, "line %zu: front matter: %s",
                        first_line + parser.problem_mark.line,
                        parser.problem ? parser.problem : "invalid YAML");
        yaml_parser_delete(&parser);
        return st;
    }
    root = yaml_document_get_root_node(&doc);
    if (root != NULL) {
        if (root->type == YAML_MAPPING_NODE)
            st = add_mapping(&doc, root, "", first_line, 0, fields, err);
        else
            st = qr_err_set(err, QR_ERR_PARSE, "line %zu: front matter is "
                            "not a mapping of keys to values", first_line);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return st;
}
