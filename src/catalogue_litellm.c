/*
 * catalogue_litellm: reads LiteLLM's model_prices_and_context_window.json.
 * cJSON parses the text; the reader takes, for each model key, the fields
 * raftcost prices with (docs/catalogues.md) and ignores every other field, so
 * that the file's many other facts (images, audio, search, ...) never stop a
 * load.  Prices are per token in the file and per 1,000 tokens here.
 *
 * cJSON keeps no positions, so a small scanner walks the (already valid)
 * text to find where each model key, and on an error the offending field,
 * is written.  It only skips strings and brackets; it never interprets
 * values, which stay cJSON's job.  It must never be used on text cJSON has
 * not accepted.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <gsl/gsl_heapsort.h>

#include "catalogue.h"
#include "util.h"

/* ---- positions in valid JSON text ---- */

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/*
 * The scanner relies on src[len] being '\0' (read_whole_file's buffers are),
 * so that strcspn can skip the bytes it has no interest in; a NUL inside the
 * text only stops strcspn early.
 */

/* s[i] is '"'; returns the offset after the closing quote. */
static size_t skip_string(const char *s, size_t n, size_t i)
{
    for (i++; i < n;) {
        i += strcspn(s + i, "\"\\");
        if (i >= n)
            break;
        if (s[i] == '"')
            return i + 1;
        i += s[i] == '\\' ? 2 : 1;
    }
    return n;
}

static size_t skip_value(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return n;
    if (s[i] == '"')
        return skip_string(s, n, i);
    if (s[i] == '{' || s[i] == '[') {
        size_t depth = 0;
        while (i < n) {
            i += strcspn(s + i, "\"{}[]");
            if (i >= n)
                break;
            char ch = s[i];
            if (ch == '"') {
                i = skip_string(s, n, i);
                continue;
            }
            if (ch == '{' || ch == '[')
                depth++;
            else if ((ch == '}' || ch == ']') && --depth == 0)
                return i + 1;
            i++;
        }
        return n;
    }
    while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t' &&
           s[i] != '\n' && s[i] != '\r')
        i++;
    return i;
}

/* The members of one object, in the order of the text (cJSON's order). */
struct members {
    const char *s;
    size_t n, i;
};

static int members_open(struct members *m, const char *s, size_t n, size_t at)
{
    m->s = s;
    m->n = n;
    at = skip_ws(s, n, at);
    if (at >= n || s[at] != '{')
        return -1;
    m->i = at + 1;
    return 0;
}

/* The next member's key offset (at its '"') and value offset; 0 at the end. */
static int members_next(struct members *m, size_t *key, size_t *value)
{
    const char *s = m->s;
    size_t n = m->n, i = skip_ws(s, n, m->i);
    if (i < n && s[i] == ',')
        i = skip_ws(s, n, i + 1);
    if (i >= n || s[i] != '"')
        return 0;
    *key = i;
    i = skip_ws(s, n, skip_string(s, n, i));
    if (i < n && s[i] == ':')
        i = skip_ws(s, n, i + 1);
    *value = i;
    m->i = skip_value(s, n, i);
    return 1;
}

/* Whether the key at s[key] (a '"') is `name`; keys with escapes never match. */
static int key_is(const char *s, size_t n, size_t key, const char *name)
{
    size_t len = strlen(name);
    return key + len + 1 < n && memcmp(s + key + 1, name, len) == 0 && s[key + 1 + len] == '"';
}

/*
 * Offset of field `field` of top-level member number `member` (its value),
 * or of the member's key when field is NULL or not found.
 */
static size_t field_offset(const char *src, size_t len, size_t start, size_t member,
                           const char *field)
{
    struct members top, inner;
    size_t key = start, value = start, k2, v2;
    if (members_open(&top, src, len, start))
        return start;
    for (size_t i = 0; i <= member; i++)
        if (!members_next(&top, &key, &value))
            return start;
    if (field && members_open(&inner, src, len, value) == 0)
        while (members_next(&inner, &k2, &v2))
            if (key_is(src, len, k2, field))
                return v2;
    return key;
}

/* ---- reading ---- */

struct reader {
    struct catalogue *c;
    const char *src;
    size_t len, start; /* start: after a byte-order mark */
    struct diag *d;
    size_t member; /* index of the model's member in the top-level object */
    const char *model;
};

static int fail_at(struct reader *r, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(struct reader *r, const char *field, const char *fmt, ...)
{
    int line, col;
    diag_position(r->src, r->len, field_offset(r->src, r->len, r->start, r->member, field), &line,
                  &col);
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_set(r->d, r->c->file, r->src, r->len, line, col, "%s", msg);
    free(msg);
    return -1;
}

static const char *json_type(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsBool(v))
        return "true or false";
    if (cJSON_IsArray(v))
        return "a list";
    if (cJSON_IsObject(v))
        return "an object";
    if (cJSON_IsNull(v))
        return "null";
    return "a number";
}

/*
 * A price per token, stored per 1,000 tokens.  null counts as not given.
 * Returns 1 when given, 0 when not, -1 on an error.
 */
static int read_price_at(struct reader *r, const cJSON *v, const char *key, const char *at,
                         double *per_1k)
{
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsNumber(v))
        return fail_at(r, at, "'%s' of '%s' needs a price per token (a number), got %s", key,
                       r->model, json_type(v));
    double x = v->valuedouble;
    if (!isfinite(x))
        return fail_at(r, at, "'%s' of '%s' is too large to be a price", key, r->model);
    if (x < 0)
        return fail_at(r, at, "'%s' of '%s' is negative (%g): a price is 0 or more", key, r->model,
                       x);
    *per_1k = x * 1000;
    return 1;
}

static int read_price(struct reader *r, const cJSON *v, const char *key, double *per_1k)
{
    return read_price_at(r, v, key, key, per_1k);
}

/* A whole number of tokens; 0 and null count as not known. */
static int read_tokens(struct reader *r, const cJSON *v, const char *key, double *out)
{
    if (cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 ||
        v->valuedouble != floor(v->valuedouble))
        return fail_at(r, key, "'%s' of '%s' needs a whole number of tokens, got %s", key, r->model,
                       cJSON_IsNumber(v) ? "a fraction or a negative" : json_type(v));
    *out = v->valuedouble;
    return 0;
}

static int read_text(struct reader *r, const cJSON *v, const char *key, char **out)
{
    if (cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v))
        return fail_at(r, key, "'%s' of '%s' needs a string, got %s", key, r->model, json_type(v));
    free(*out);
    *out = xstrdup(v->valuestring);
    return 0;
}

enum tier_kind { TIER_INPUT, TIER_OUTPUT, TIER_CACHED };

struct tier_key {
    double above;
    enum tier_kind kind;
    double per_1k;
};

struct tier_keys {
    struct tier_key *items;
    size_t n, cap;
};

static void tier_keys_add(struct tier_keys *t, double above, enum tier_kind kind, double per_1k)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 4;
        t->items = xrealloc(t->items, t->cap * sizeof *t->items);
    }
    t->items[t->n++] = (struct tier_key){above, kind, per_1k};
}

static int by_threshold(const void *a, const void *b)
{
    const struct tier_key *x = a, *y = b;
    if (x->above != y->above)
        return x->above < y->above ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

/*
 * "input_cost_per_token_above_128k_tokens" -> TIER_INPUT, 128000: LiteLLM
 * reads the threshold between "_above_" and "_tokens", a trailing 'k' meaning
 * thousands.  Returns 0 when the key is not a tier key (the service-tier
 * variants such as "..._tokens_priority" are not).
 */
static int parse_tier_key(const char *key, enum tier_kind *kind, double *above)
{
    static const struct {
        const char *prefix;
        enum tier_kind kind;
    } prefixes[] = {{"input_cost_per_token_above_", TIER_INPUT},
                    {"output_cost_per_token_above_", TIER_OUTPUT},
                    {"cache_read_input_token_cost_above_", TIER_CACHED}};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t lp = strlen(prefixes[i].prefix);
        if (strncmp(key, prefixes[i].prefix, lp) != 0)
            continue;
        const char *p = key + lp;
        double v = 0;
        size_t digits = 0;
        for (; *p >= '0' && *p <= '9' && digits < 12; p++, digits++)
            v = v * 10 + (*p - '0');
        if (digits == 0)
            return 0;
        if (*p == 'k') {
            v *= 1000;
            p++;
        }
        if (strcmp(p, "_tokens") != 0)
            return 0;
        *kind = prefixes[i].kind;
        *above = v;
        return 1;
    }
    return 0;
}

/* Builds the tiers from the keys: a tier needs its input price, as in LiteLLM. */
static void build_tiers(struct reader *r, struct tier_keys *t, struct model_price *m)
{
    if (t->n == 0)
        return;
    gsl_heapsort(t->items, t->n, sizeof *t->items, by_threshold);
    m->tiers = xrealloc(m->tiers, (m->ntiers + t->n) * sizeof *m->tiers);
    for (size_t i = 0; i < t->n;) {
        size_t j = i;
        struct price_tier tier = {.above_tokens = t->items[i].above};
        int has_input = 0;
        for (; j < t->n && t->items[j].above == tier.above_tokens; j++) {
            const struct tier_key *k = &t->items[j];
            if (k->kind == TIER_INPUT) {
                tier.input_per_1k = k->per_1k;
                has_input = 1;
            } else if (k->kind == TIER_OUTPUT) {
                tier.output_per_1k = k->per_1k;
                tier.has_output = 1;
            } else {
                tier.cached_input_per_1k = k->per_1k;
                tier.has_cached = 1;
            }
        }
        if (has_input)
            m->tiers[m->ntiers++] = tier;
        else
            catalogue_note(r->c, m->line, m->col, m->name,
                           "prices above %.0f tokens without 'input_cost_per_token_above_...': "
                           "LiteLLM and raftcost ignore them",
                           tier.above_tokens);
        i = j;
    }
}

/*
 * LiteLLM's other form of tiers: "tiered_pricing": [{range: [lo, hi],
 * input_cost_per_token, output_cost_per_token, cache_read_input_token_cost}].
 * A tier applies when lo < input tokens <= hi and bills every token of the
 * request; the lowest range gives the base prices where the entry has none.
 * Above the highest range, the last tier applies, as in LiteLLM; so each
 * tier reads as "above lo".  Elements without a token range (search
 * results, ...) are ignored.
 */
static int read_tiered_pricing(struct reader *r, const cJSON *v, struct model_price *m,
                               struct tier_keys *t)
{
    const char *key = "tiered_pricing";
    if (!cJSON_IsArray(v))
        return fail_at(r, key, "'%s' of '%s' needs a list of tiers, got %s", key, r->model,
                       json_type(v));
    double lowest = INFINITY, base_in = 0, base_out = 0, base_cached = 0;
    int base_has_out = 0, base_has_cached = 0;
    for (const cJSON *e = v->child; e; e = e->next) {
        const cJSON *range = cJSON_GetObjectItemCaseSensitive(e, "range");
        /* Tiers by something else than tokens (search results, ...) are not read. */
        if (cJSON_IsObject(e) && !range)
            continue;
        if (!cJSON_IsObject(e) || !cJSON_IsArray(range) || cJSON_GetArraySize(range) != 2 ||
            !cJSON_IsNumber(range->child) || !cJSON_IsNumber(range->child->next) ||
            !(range->child->valuedouble >= 0) ||
            !(range->child->next->valuedouble >= range->child->valuedouble))
            return fail_at(r, key,
                           "each tier of '%s' of '%s' needs 'range': [low, high] with 0 <= low "
                           "<= high",
                           key, r->model);
        double lo = range->child->valuedouble, in = 0, out = 0, cached = 0;
        int gi, go, gc;
        static const char *const names[] = {"input_cost_per_token", "output_cost_per_token",
                                            "cache_read_input_token_cost"};
        if ((gi = read_price_at(r, cJSON_GetObjectItemCaseSensitive(e, names[0]), names[0], key,
                                &in)) < 0 ||
            (go = read_price_at(r, cJSON_GetObjectItemCaseSensitive(e, names[1]), names[1], key,
                                &out)) < 0 ||
            (gc = read_price_at(r, cJSON_GetObjectItemCaseSensitive(e, names[2]), names[2], key,
                                &cached)) < 0)
            return -1;
        if (!gi) {
            catalogue_note(r->c, m->line, m->col, m->name,
                           "a tier of 'tiered_pricing' has no 'input_cost_per_token': ignored");
            continue;
        }
        /* LiteLLM bills a tier's cache hits at the tier's input price when it gives none. */
        if (!gc)
            cached = in;
        if (lo < lowest) {
            lowest = lo;
            base_in = in;
            base_out = out;
            base_has_out = go;
            base_cached = cached;
            base_has_cached = 1;
        }
        tier_keys_add(t, lo, TIER_INPUT, in);
        if (go)
            tier_keys_add(t, lo, TIER_OUTPUT, out);
        tier_keys_add(t, lo, TIER_CACHED, cached);
    }
    if (lowest == INFINITY)
        return 0;
    /* The lowest range is the base: drop it from the tiers. */
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->items[i].above != lowest)
            t->items[k++] = t->items[i];
    t->n = k;
    if (m->missing & PRICE_MISSING_INPUT) {
        m->input_per_1k = base_in;
        m->missing &= ~(unsigned)PRICE_MISSING_INPUT;
        if (!m->has_cached && base_has_cached) {
            m->cached_input_per_1k = base_cached;
            m->has_cached = 1;
        }
    }
    if ((m->missing & PRICE_MISSING_OUTPUT) && base_has_out) {
        m->output_per_1k = base_out;
        m->missing &= ~(unsigned)PRICE_MISSING_OUTPUT;
    }
    return 0;
}

static int read_model(struct reader *r, const cJSON *entry, struct model_price *m)
{
    struct tier_keys tiers = {NULL, 0, 0};
    const cJSON *tiered = NULL;
    int rc = -1, g;
    m->missing = PRICE_MISSING_INPUT | PRICE_MISSING_OUTPUT;
    for (const cJSON *f = entry->child; f; f = f->next) {
        const char *k = f->string;
        enum tier_kind kind;
        double above, per_1k;
        if (strcmp(k, "input_cost_per_token") == 0) {
            if ((g = read_price(r, f, k, &m->input_per_1k)) < 0)
                goto out;
            if (g)
                m->missing &= ~(unsigned)PRICE_MISSING_INPUT;
        } else if (strcmp(k, "output_cost_per_token") == 0) {
            if ((g = read_price(r, f, k, &m->output_per_1k)) < 0)
                goto out;
            if (g)
                m->missing &= ~(unsigned)PRICE_MISSING_OUTPUT;
        } else if (strcmp(k, "cache_read_input_token_cost") == 0) {
            if ((m->has_cached = read_price(r, f, k, &m->cached_input_per_1k)) < 0)
                goto out;
        } else if (strcmp(k, "input_cost_per_token_batches") == 0) {
            if ((m->has_batch_input = read_price(r, f, k, &m->batch_input_per_1k)) < 0)
                goto out;
        } else if (strcmp(k, "output_cost_per_token_batches") == 0) {
            if ((m->has_batch_output = read_price(r, f, k, &m->batch_output_per_1k)) < 0)
                goto out;
        } else if (strcmp(k, "max_input_tokens") == 0) {
            if (read_tokens(r, f, k, &m->max_input_tokens))
                goto out;
        } else if (strcmp(k, "max_output_tokens") == 0) {
            if (read_tokens(r, f, k, &m->max_output_tokens))
                goto out;
        } else if (strcmp(k, "mode") == 0) {
            if (read_text(r, f, k, &m->mode))
                goto out;
        } else if (strcmp(k, "litellm_provider") == 0) {
            if (read_text(r, f, k, &m->provider))
                goto out;
        } else if (strcmp(k, "tiered_pricing") == 0) {
            tiered = f;
        } else if (parse_tier_key(k, &kind, &above)) {
            if ((g = read_price(r, f, k, &per_1k)) < 0)
                goto out;
            if (g)
                tier_keys_add(&tiers, above, kind, per_1k);
        }
    }
    if (tiered && read_tiered_pricing(r, tiered, m, &tiers))
        goto out;
    build_tiers(r, &tiers, m);
    /* LiteLLM bills xAI's long-context prices from the threshold itself (>=). */
    m->tier_at_threshold = m->provider && strcmp(m->provider, "xai") == 0;
    rc = 0;
out:
    free(tiers.items);
    return rc;
}

/* Line and column of every top-level key, in one pass over the text. */
static void member_positions(const char *src, size_t len, size_t start, int *lines, int *cols,
                             size_t count)
{
    struct members top;
    size_t key, value, i = 0, at = 0, line_start = 0;
    int line = 1;
    if (members_open(&top, src, len, start))
        return;
    while (i < count && members_next(&top, &key, &value)) {
        const char *nl;
        while ((nl = memchr(src + at, '\n', key - at))) {
            line++;
            at = line_start = (size_t)(nl - src) + 1;
        }
        at = key;
        lines[i] = line;
        cols[i] = (int)(key - line_start) + 1;
        i++;
    }
}

int catalogue_read_litellm(struct catalogue *c, const char *src, size_t len, struct diag *d)
{
    struct reader r = {.c = c, .src = src, .len = len, .d = d};
    const char *end = NULL;
    int rc = -1, line, col;
    int *lines = NULL, *cols = NULL;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        r.start = 3;
    cJSON *root = cJSON_ParseWithLengthOpts(src + r.start, len - r.start, &end, 0);
    size_t after = end && end >= src + r.start ? (size_t)(end - src) : r.start;
    if (root && skip_ws(src, len, after) < len) {
        diag_position(src, len, skip_ws(src, len, after), &line, &col);
        diag_set(d, c->file, src, len, line, col,
                 "text after the JSON object (LiteLLM's catalogue is one JSON object of models)");
        goto out;
    }
    if (!root) {
        size_t off = after;
        diag_position(src, len, off, &line, &col);
        diag_set(d, c->file, src, len, line, col,
                 "not valid JSON here (LiteLLM's catalogue is one JSON object of models)");
        return -1;
    }
    if (!cJSON_IsObject(root)) {
        diag_position(src, len, skip_ws(src, len, r.start), &line, &col);
        diag_set(d, c->file, src, len, line, col,
                 "LiteLLM's catalogue is one JSON object of models, got %s", json_type(root));
        goto out;
    }
    size_t count = (size_t)cJSON_GetArraySize(root);
    lines = xcalloc(count ? count : 1, sizeof *lines);
    cols = xcalloc(count ? count : 1, sizeof *cols);
    member_positions(src, len, r.start, lines, cols, count);
    r.member = 0;
    for (const cJSON *e = root->child; e; e = e->next, r.member++) {
        /* The file documents its fields in an entry of descriptions, not prices. */
        if (strcmp(e->string, "sample_spec") == 0)
            continue;
        r.model = e->string;
        if (!cJSON_IsObject(e)) {
            fail_at(&r, NULL, "'%s' needs an object of prices, got %s", e->string, json_type(e));
            goto out;
        }
        struct model_price m = {0};
        m.name = xstrdup(e->string);
        m.line = lines[r.member];
        m.col = cols[r.member];
        size_t before;
        if (strmap_get(&c->model_index, m.name, &before))
            catalogue_note(c, m.line, m.col, m.name,
                           "'%s' is given twice (first at line %d): the later entry is used",
                           m.name, c->models[before].line);
        if (read_model(&r, e, &m)) {
            model_price_release(&m);
            goto out;
        }
        catalogue_add_model(c, &m);
    }
    rc = 0;
out:
    free(lines);
    free(cols);
    cJSON_Delete(root);
    return rc;
}
