/* yaml.c - YAML front matter into fields, through libyaml's document API. */
#include "frontmatter.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

enum { MAX_KEY = 128, MAX_DEPTH = 8 };

/* Deepest flow nesting ("[[[...") handed to libyaml (see flow_depth);
 * values deeper than MAX_DEPTH are ignored anyway. */
enum { MAX_FLOW_DEPTH = 64 };

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

/* The deepest nesting of flow collections ("[", "{") in TEXT, outside
 * quoted strings, counting to at most LIMIT + 1. libyaml's scanner takes
 * time growing with the square of that depth (8,000 nested "[" took
 * 0.4 s, and a 10 MiB header could take hours), so a deeper header is
 * refused before libyaml sees it. Block nesting (indentation) is not
 * affected. */
static int
flow_depth(const char *text, size_t len, int limit)
{
    int depth = 0, deepest = 0;
    char quote = 0;

    for (size_t i = 0; i < len && deepest <= limit; i++) {
        char c = text[i];
        if (quote != 0) {
            if (c == '\\' && quote == '"' && i + 1 < len)
                i++;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' || c == '{') {
            depth++;
            if (depth > deepest)
                deepest = depth;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        } else if (c == '\n') {
            quote = 0;   /* a stray quote does not hide the rest */
        }
    }
    return deepest;
}

qr_status_t
ix_yaml_parse(const char *text, size_t len, size_t first_line,
              ix_fields_t *fields, qr_err_t *err)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_node_t *root;
    qr_status_t st = QR_OK;

    if (flow_depth(text, len, MAX_FLOW_DEPTH) > MAX_FLOW_DEPTH)
        return qr_err_set(err, QR_ERR_PARSE, "line %zu: front matter: "
                          "brackets nested deeper than %d levels",
                          first_line, MAX_FLOW_DEPTH);
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
