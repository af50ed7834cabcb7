/*
 * escape: see escape.h.
 */
#include "escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The length of the UTF-8 character at s (at most len bytes) and its code
 * point; 0 when the bytes there are not one (a stray continuation byte, an
 * overlong form, a surrogate, a cut sequence).
 */
static size_t utf8_char(const unsigned char *s, size_t len, unsigned long *cp)
{
    unsigned char c = s[0];
    size_t n;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        n = 2, v = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3, v = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return n;
}

/* Code points that move text around or act as controls. */
static int invisible(unsigned long cp)
{
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f || cp == 0x2028 ||
           cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void escape_append(struct strbuf *sb, const char *s, size_t len, unsigned flags)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, plain = 0; /* plain: where the run of unchanged bytes began */
    while (i < len) {
        unsigned long cp = 0;
        size_t n = utf8_char(p + i, len - i, &cp);
        char esc[24]; /* "\\u" and the digits of any unsigned long */
        if (n == 0) {
            snprintf(esc, sizeof esc, "\\x%02x", p[i]);
            n = 1;
        } else if (cp < 0x20 || cp == 0x7f) {
            if (cp == '\t' && (flags & ESCAPE_TABS)) {
                i += n;
                continue;
            }
            snprintf(esc, sizeof esc, "%s",
                     cp == '\n' && (flags & ESCAPE_LINES) ? "\n  "
                     : cp == '\t'                         ? "\\t"
                     : cp == '\n'                         ? "\\n"
                     : cp == '\r'                         ? "\\r"
                                                          : "");
            if (!esc[0])
                snprintf(esc, sizeof esc, "\\x%02lx", cp);
        } else if (invisible(cp)) {
            snprintf(esc, sizeof esc, "\\u%04lx", cp);
        } else {
            i += n;
            continue;
        }
        strbuf_add(sb, s + plain, i - plain);
        strbuf_puts(sb, esc);
        i += n;
        plain = i;
    }
    strbuf_add(sb, s + plain, len - plain);
}

char *escape_string(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    escape_append(&sb, s, strlen(s), 0);
    return strbuf_detach(&sb);
}

int escape_clean(const char *s)
{
    char *e = escape_string(s);
    int same = strcmp(e, s) == 0;
    free(e);
    return same;
}

static int blank(char c)
{
    return c == ' ' || c == '\n';
}

/* Backs up from i to the start of the UTF-8 character that holds it. */
static size_t char_start(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
        i--;
    return i;
}

char *escape_cut(const char *msg)
{
    enum { HEAD = 48, TAIL = 16 };
    struct strbuf sb = STRBUF_INIT;
    size_t len = strlen(msg), i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && !blank(msg[i]))
            i++;
        size_t run = i - start;
        if (run > ESCAPE_RUN_MAX) {
            size_t head = char_start(msg + start, HEAD);
            size_t tail = start + run - TAIL;
            tail = start + char_start(msg + start, tail - start);
            strbuf_add(&sb, msg + start, head);
            strbuf_printf(&sb, " ... (%zu bytes) ... ", run);
            strbuf_add(&sb, msg + tail, start + run - tail);
        } else {
            strbuf_add(&sb, msg + start, run);
        }
        while (i < len && blank(msg[i]))
            strbuf_add(&sb, msg + i++, 1);
        if (sb.len > ESCAPE_MESSAGE_MAX) {
            size_t keep = char_start(sb.buf, ESCAPE_MESSAGE_MAX);
            sb.len = keep;
            sb.buf[keep] = '\0';
            strbuf_printf(&sb, " ... (the message is cut: %zu bytes)", len);
            break;
        }
    }
    return strbuf_detach(&sb);
}
