/* json_schema.c - a JSON Schema validator for the subset quarry uses. */
#include "json_schema.h"

#include <check.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

typedef struct ctx {
    const json_t *root;
    char *why;
    size_t cap;
} ctx_t;

static bool check(ctx_t *c, const json_t *schema, const json_t *x,
                  const char *path);

static bool
invalid(ctx_t *c, const char *path, const char *what)
{
    snprintf(c->why, c->cap, "%s: %s", path[0] ? path : "(root)", what);
    return false;
}

/* The schema "#/a/b" names in the root, or NULL. */
static const json_t *
resolve(const ctx_t *c, const char *ref)
{
    const json_t *at = c->root;
    char part[256];

    if (strncmp(ref, "#", 1) != 0)
        return NULL;
    ref++;
    while (*ref == '/' && at != NULL) {
        size_t n = strcspn(ref + 1, "/");
        if (n >= sizeof part)
            return NULL;
        memcpy(part, ref + 1, n);
        part[n] = '\0';
        at = json_object_get(at, part);
        ref += n + 1;
    }
    return *ref == '\0' ? at : NULL;
}

static bool
has_type(const json_t *x, const char *type)
{
    if (strcmp(type, "object") == 0)
        return json_is_object(x);
    if (strcmp(type, "array") == 0)
        return json_is_array(x);
    if (strcmp(type, "string") == 0)
        return json_is_string(x);
    if (strcmp(type, "integer") == 0)
        return json_is_integer(x);
    if (strcmp(type, "number") == 0)
        return json_is_number(x);
    if (strcmp(type, "boolean") == 0)
        return json_is_boolean(x);
    if (strcmp(type, "null") == 0)
        return json_is_null(x);
    return false;
}

static bool
check_type(ctx_t *c, const json_t *type, const json_t *x, const char *path)
{
    const json_t *t;
    size_t i;

    if (json_is_string(type))
        return has_type(x, json_string_value(type)) ||
               invalid(c, path, json_string_value(type));
    json_array_foreach(type, i, t) {
        if (has_type(x, json_string_value(t)))
            return true;
    }
    return invalid(c, path, "none of the types allowed");
}

static bool
check_object(ctx_t *c, const json_t *schema, const json_t *x,
             const char *path)
{
    const json_t *props = json_object_get(schema, "properties");
    const json_t *extra = json_object_get(schema, "additionalProperties");
    const json_t *required = json_object_get(schema, "required");
    const json_t *v;
    const char *key;
    char sub[1024];
    size_t i;

    if (!json_is_object(x))
        return true;
    json_array_foreach(required, i, v) {
        if (json_object_get(x, json_string_value(v)) == NULL) {
            snprintf(sub, sizeof sub, "missing \"%s\"",
                     json_string_value(v));
            return invalid(c, path, sub);
        }
    }
    json_object_foreach((json_t *)x, key, v) {
        const json_t *s = json_object_get(props, key);
        snprintf(sub, sizeof sub, "%s/%s", path, key);
        if (s == NULL && json_is_false(extra))
            return invalid(c, sub, "not allowed");
        if (s == NULL && json_is_object(extra))
            s = extra;
        if (s != NULL && !check(c, s, v, sub))
            return false;
    }
    return true;
}

static bool
check_array(ctx_t *c, const json_t *schema, const json_t *x,
            const char *path)
{
    const json_t *items = json_object_get(schema, "items");
    const json_t *min = json_object_get(schema, "minItems");
    const json_t *max = json_object_get(schema, "maxItems");
    const json_t *v;
    char sub[1024];
    size_t i;

    if (!json_is_array(x))
        return true;
    if (min != NULL && json_array_size(x) < (size_t)json_integer_value(min))
        return invalid(c, path, "too few items");
    if (max != NULL && json_array_size(x) > (size_t)json_integer_value(max))
        return invalid(c, path, "too many items");
    json_array_foreach(x, i, v) {
        snprintf(sub, sizeof sub, "%s/%zu", path, i);
        if (items != NULL && !check(c, items, v, sub))
            return false;
    }
    return true;
}

static bool
check_scalar(ctx_t *c, const json_t *schema, const json_t *x,
             const char *path)
{
    const json_t *min = json_object_get(schema, "minimum");
    const json_t *max = json_object_get(schema, "maximum");
    const json_t *pattern = json_object_get(schema, "pattern");
    const json_t *e;
    size_t i;
    bool is_in = false;

    if (json_is_number(x) && min != NULL &&
        json_number_value(x) < json_number_value(min))
        return invalid(c, path, "below the minimum");
    if (json_is_number(x) && max != NULL &&
        json_number_value(x) > json_number_value(max))
        return invalid(c, path, "above the maximum");
    if (json_is_string(x) && pattern != NULL) {
        regex_t re;
        int rc;
        ck_assert_int_eq(regcomp(&re, json_string_value(pattern),
                                 REG_EXTENDED | REG_NOSUB), 0);
        rc = regexec(&re, json_string_value(x), 0, NULL, 0);
        regfree(&re);
        if (rc != 0)
            return invalid(c, path, "does not match the pattern");
    }
    if (json_object_get(schema, "const") != NULL &&
        !json_equal(x, json_object_get(schema, "const")))
        return invalid(c, path, "not the constant");
    if (json_object_get(schema, "enum") == NULL)
        return true;
    json_array_foreach(json_object_get(schema, "enum"), i, e)
        is_in = is_in || json_equal(x, e);
    return is_in || invalid(c, path, "not one of the values allowed");
}

/* How many of the schemas in LIST X matches. When none does, WHY keeps
 * the failure that got deepest into X: most likely the schema meant. */
static size_t
count_matches(ctx_t *c, const json_t *list, const json_t *x,
              const char *path)
{
    char deepest[1024] = "";
    const json_t *s;
    size_t i, n = 0;

    json_array_foreach(list, i, s) {
        if (check(c, s, x, path))
            n++;
        else if (strcspn(c->why, ":") > strcspn(deepest, ":"))
            snprintf(deepest, sizeof deepest, "%s", c->why);
    }
    if (n == 0)
        snprintf(c->why, c->cap, "%s", deepest);
    return n;
}

static bool
is_known_keyword(const char *key)
{
    static const char *const KNOWN[] = {
        "$ref", "type", "enum", "const", "properties", "required",
        "additionalProperties", "items", "minItems", "maxItems", "minimum",
        "maximum", "pattern", "oneOf", "anyOf", "$schema", "$id", "$defs",
        "$comment", "title", "description", "format", "examples", NULL
    };

    for (size_t i = 0; KNOWN[i] != NULL; i++) {
        if (strcmp(key, KNOWN[i]) == 0)
            return true;
    }
    return false;
}

static bool
check(ctx_t *c, const json_t *schema, const json_t *x, const char *path)
{
    const json_t *ref = json_object_get(schema, "$ref");
    const json_t *type = json_object_get(schema, "type");
    const json_t *one_of = json_object_get(schema, "oneOf");
    const json_t *any_of = json_object_get(schema, "anyOf");
    const char *key;
    const json_t *v;

    json_object_foreach((json_t *)schema, key, v) {
        if (!is_known_keyword(key))
            return invalid(c, path, "the schema uses an unsupported keyword");
    }
    if (ref != NULL) {
        const json_t *target = resolve(c, json_string_value(ref));
        if (target == NULL)
            return invalid(c, path, "a $ref names nothing");
        if (!check(c, target, x, path))
            return false;
    }
    if (type != NULL && !check_type(c, type, x, path))
        return false;
    if (one_of != NULL) {
        size_t n = count_matches(c, one_of, x, path);
        if (n > 1)
            return invalid(c, path, "more than one of the oneOf schemas");
        if (n == 0)
            return false;   /* WHY says why */
    }
    if (any_of != NULL && count_matches(c, any_of, x, path) == 0)
        return false;
    return check_object(c, schema, x, path) &&
           check_array(c, schema, x, path) && check_scalar(c, schema, x, path);
}

bool
js_validate(const json_t *root, const json_t *schema, const json_t *instance,
            char *why, size_t cap)
{
    ctx_t c = { root, why, cap };

    why[0] = '\0';
    return check(&c, schema, instance, "");
}

json_t *
js_load(const char *path)
{
    json_error_t error;
    json_t *schema = json_load_file(path, 0, &error);

    ck_assert_msg(schema != NULL, "%s:%d: %s", path, error.line, error.text);
    return schema;
}
