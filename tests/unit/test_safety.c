/*
 * Unit tests of the boundaries with hostile files: escaping control
 * characters (escape.h), cutting long values in messages, neutralising CSV
 * formulas (util.h), reading only bounded regular files and writing outputs
 * without replacing what is not ours to replace (files.h).  Files are made
 * in a private temporary folder.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "escape.h"
#include "files.h"
#include "test.h"
#include "util.h"

static char *escaped(const char *s, unsigned flags)
{
    struct strbuf sb = STRBUF_INIT;
    escape_append(&sb, s, strlen(s), flags);
    return strbuf_detach(&sb);
}

#define CHECK_ESCAPED(in, flags, want)                                                             \
    do {                                                                                           \
        char *got_ = escaped(in, flags);                                                           \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)

static void test_escape(void)
{
    /* C0 controls: the usual three by name, the others in hex; DEL too. */
    CHECK_ESCAPED("a\x1b[2Jb", 0, "a\\x1b[2Jb");
    CHECK_ESCAPED("x\ry\nz\tw", 0, "x\\ry\\nz\\tw");
    CHECK_ESCAPED("\x07\x7f\x01", 0, "\\x07\\x7f\\x01");
    /* A tab stays for a source line; a line break starts an indented line in a message. */
    CHECK_ESCAPED("a\tb", ESCAPE_TABS, "a\tb");
    CHECK_ESCAPED("one\ntwo", ESCAPE_LINES, "one\n  two");
    /* C1 CSI (U+009B, bytes C2 9B), right-to-left override U+202E, line separator U+2028. */
    CHECK_ESCAPED("a\xc2\x9b"
                  "2J",
                  0, "a\\u009b2J");
    CHECK_ESCAPED("x\xe2\x80\xaey", 0, "x\\u202ey");
    CHECK_ESCAPED("x\xe2\x80\xa8y", 0, "x\\u2028y");
    /* Other UTF-8 stays: é (C3 A9), the euro sign (E2 82 AC), an emoji (F0 9F 98 80). */
    CHECK_ESCAPED("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0,
                  "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    /* Not UTF-8: a lone byte, an overlong '/' (C0 AF), a cut sequence, a surrogate (ED A0 80). */
    CHECK_ESCAPED("caf\xe9", 0, "caf\\xe9");
    CHECK_ESCAPED("\xc0\xaf", 0, "\\xc0\\xaf");
    CHECK_ESCAPED("ab\xe2\x82", 0, "ab\\xe2\\x82");
    CHECK_ESCAPED("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");
    /* A backslash stays as it is. */
    CHECK_ESCAPED("a\\b", 0, "a\\b");
    CHECK(escape_clean("plain name_1 | * <x>"));
    CHECK(!escape_clean("bell\a"));
}

static void test_cut(void)
{
    char *s = escape_cut("'x' must be positive, got '-1'");
    CHECK_STR(s, "'x' must be positive, got '-1'");
    free(s);
    /*
     * A run of 1 + 200 + 1 = 202 bytes (the quotes are part of it): its first
     * 48 bytes (the quote and 47 sevens), the count, its last 16 (15 sevens and
     * the quote).
     */
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "got '");
    for (int i = 0; i < 200; i++)
        strbuf_puts(&sb, "7");
    strbuf_puts(&sb, "' here");
    s = escape_cut(sb.buf);
    CHECK_STR(s, "got '77777777777777777777777777777777777777777777777 ... (202 bytes) ... "
                 "777777777777777' here");
    free(s);
    strbuf_release(&sb);
    /* A cut never splits a UTF-8 character: 110 two-byte 'é's, cut back to 24 of them (48 bytes).
     */
    for (int i = 0; i < 110; i++)
        strbuf_puts(&sb, "\xc3\xa9");
    s = escape_cut(sb.buf);
    CHECK(strncmp(s, sb.buf, 48) == 0 && strncmp(s + 48, " ... (220 bytes) ... ", 21) == 0);
    CHECK(strcmp(s + 48 + 21, sb.buf + 220 - 16) == 0);
    free(s);
    strbuf_release(&sb);
    /* Many short words: the message stops after ESCAPE_MESSAGE_MAX bytes. */
    for (int i = 0; i < 2000; i++)
        strbuf_puts(&sb, "word ");
    s = escape_cut(sb.buf);
    CHECK(strlen(s) < ESCAPE_MESSAGE_MAX + 60);
    CHECK(strstr(s, "(the message is cut: 10000 bytes)") != NULL);
    free(s);
    strbuf_release(&sb);
    /* diag keeps the cut message and renders it escaped. */
    struct diag d = DIAG_INIT;
    diag_plain(&d, "bad name '%s'", "\x1b]0;title\x07");
    CHECK_STR(d.message, "bad name '\x1b]0;title\x07'");
    diag_release(&d);
}

static char *csv(const char *field, int raw)
{
    struct strbuf sb = STRBUF_INIT;
    if (raw)
        strbuf_csv_raw(&sb, field, 1);
    else
        strbuf_csv_field(&sb, field, 1);
    return strbuf_detach(&sb);
}

#define CHECK_CSV(field, raw, want)                                                                \
    do {                                                                                           \
        char *got_ = csv(field, raw);                                                              \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)

static void test_csv(void)
{
    /* The six first characters OWASP names: a quote before, and the cell in double quotes. */
    CHECK_CSV("=1+2", 0, "\"'=1+2\"\n");
    CHECK_CSV("+cmd|' /C calc'!A0", 0, "\"'+cmd|' /C calc'!A0\"\n");
    CHECK_CSV("-2+3", 0, "\"'-2+3\"\n");
    CHECK_CSV("@SUM(1)", 0, "\"'@SUM(1)\"\n");
    CHECK_CSV("\tx", 0, "\"'\tx\"\n");
    CHECK_CSV("\rx", 0, "\"'\rx\"\n");
    CHECK_CSV("-", 0, "\"'-\"\n");
    /* With its double quotes doubled, as RFC 4180 says. */
    CHECK_CSV("=HYPERLINK(\"u\",\"t\")", 0, "\"'=HYPERLINK(\"\"u\"\",\"\"t\"\")\"\n");
    /* Plain numbers stay numbers; so does text that starts otherwise. */
    CHECK_CSV("-5", 0, "-5\n");
    CHECK_CSV("+1.5e3", 0, "+1.5e3\n");
    CHECK_CSV("-0.25", 0, "-0.25\n");
    CHECK_CSV("a=b", 0, "a=b\n");
    CHECK_CSV("", 0, "\n");
    CHECK_CSV("a,b", 0, "\"a,b\"\n");
    /* Not plain numbers: two points, a bare exponent, a sign alone. */
    CHECK_CSV("-1..2", 0, "\"'-1..2\"\n");
    CHECK_CSV("-1e", 0, "\"'-1e\"\n");
    CHECK_CSV("+", 0, "\"'+\"\n");
    /* A number cell is never altered. */
    CHECK_CSV("-inf", 1, "-inf\n");
    CHECK(csv_is_formula("=x") && !csv_is_formula("-12") && !csv_is_formula("x-"));
}

static char dir[256];

static char *in_dir(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *get(const char *path)
{
    char *data = NULL;
    size_t len;
    if (read_whole_file(path, &data, &len) != 0)
        return NULL;
    return data;
}

static void test_read(void)
{
    char *file = in_dir("in.yaml"), *fifo = in_dir("fifo"), *data = NULL, *why = NULL;
    size_t len = 0;
    put(file, "0123456789");
    CHECK(read_input_file(file, 10, &data, &len, &why) == 0 && len == 10);
    CHECK_STR(data, "0123456789");
    free(data);
    /* One byte over the limit: refused before reading, with the sizes. */
    CHECK(read_input_file(file, 9, &data, &len, &why) == -1);
    CHECK_STR(why, "it is 10 bytes; files of up to 9 bytes are read");
    free(why);
    /* A FIFO with no writer: refused at once (opening it would wait for one). */
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK(read_input_file(fifo, INPUT_MAX_BYTES, &data, &len, &why) == -1);
    CHECK_STR(why, "a FIFO, not a regular file");
    free(why);
    CHECK(read_input_file("/dev/zero", INPUT_MAX_BYTES, &data, &len, &why) == -1);
    CHECK_STR(why, "a character device, not a regular file");
    free(why);
    CHECK(read_input_file(dir, INPUT_MAX_BYTES, &data, &len, &why) == -1);
    CHECK_STR(why, strerror(EISDIR));
    free(why);
    CHECK(read_whole_file(fifo, &data, &len) == -1 && errno == EINVAL);
    CHECK(read_whole_file("/nonexistent/x", &data, &len) == -1 && errno == ENOENT);
    unlink(fifo);
    unlink(file);
    free(fifo);
    free(file);
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_mode & 07777 : 0;
}

static void test_write(void)
{
    char *file = in_dir("out.txt"), *other = in_dir("other.txt"), *sym = in_dir("link.txt");
    /* A new file: 0666 less the umask (022 here: 0644). */
    mode_t old_mask = umask(022);
    CHECK(write_output_file(file, "one\n", 4) == 0);
    CHECK(mode_of(file) == 0644);
    /* Over a 0600 file: still 0600. */
    CHECK(chmod(file, 0600) == 0);
    CHECK(write_output_file(file, "two\n", 4) == 0);
    CHECK(mode_of(file) == 0600);
    char *text = get(file);
    CHECK_STR(text, "two\n");
    free(text);
    /* Two names of one file: both see the new contents. */
    CHECK(link(file, other) == 0);
    CHECK(write_output_file(file, "three\n", 6) == 0);
    text = get(other);
    CHECK_STR(text, "three\n");
    free(text);
    struct stat st;
    CHECK(stat(file, &st) == 0 && st.st_nlink == 2);
    unlink(other);
    /* A symlink to a regular file: the link stays, the file it names changes. */
    CHECK(symlink("out.txt", sym) == 0);
    CHECK(write_output_file(sym, "four\n", 5) == 0);
    CHECK(lstat(sym, &st) == 0 && S_ISLNK(st.st_mode));
    text = get(file);
    CHECK_STR(text, "four\n");
    free(text);
    /* A stream that is thrown away leaves the old contents; a committed one replaces them. */
    struct output o;
    CHECK(output_open(&o, file) == 0);
    fputs("never", o.f);
    output_abort(&o);
    text = get(file);
    CHECK_STR(text, "four\n");
    free(text);
    CHECK(output_open(&o, sym) == 0);
    fputs("five\n", o.f);
    CHECK(output_commit(&o) == 0);
    text = get(file);
    CHECK_STR(text, "five\n");
    free(text);
    CHECK(mode_of(file) == 0600);
    /* A folder cannot be written to. */
    CHECK(write_output_file(dir, "x", 1) == -1 && errno == EISDIR);
    /* Nothing else was left in the folder. */
    char *listing = xasprintf("ls -A %s | grep -c tmp >/dev/null", dir);
    CHECK(system(listing) != 0);
    free(listing);
    umask(old_mask);
    unlink(sym);
    unlink(file);
    free(sym);
    free(other);
    free(file);
}

static void test_same_target(void)
{
    char *sub = in_dir("sub"), *link = in_dir("lnk"), *a = NULL, *b = NULL;
    CHECK(mkdir(sub, 0700) == 0);
    /* lnk -> sub/deep, so lnk/.. is sub, not the folder that holds lnk. */
    char *deep = in_dir("sub/deep");
    CHECK(mkdir(deep, 0700) == 0);
    CHECK(symlink("sub/deep", link) == 0);
    a = xasprintf("%s/lnk/../x.yaml", dir);
    b = xasprintf("%s/x.yaml", dir);
    CHECK(!path_same_target(a, b));
    free(b);
    b = xasprintf("%s/sub/x.yaml", dir);
    CHECK(path_same_target(a, b));
    CHECK(path_same_target("tests/../tests/unit", "tests/unit"));
    unlink(link);
    rmdir(deep);
    rmdir(sub);
    free(a);
    free(b);
    free(deep);
    free(link);
    free(sub);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/test_safety.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_escape();
    test_cut();
    test_csv();
    test_read();
    test_write();
    test_same_target();
    rmdir(dir);
    TEST_END("safety");
}
