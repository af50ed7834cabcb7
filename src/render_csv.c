/*
 * render_csv: see render_csv.h.
 */
#include "render_csv.h"

void render_csv_text(struct strbuf *sb, const char *text, int last)
{
    strbuf_csv_field(sb, text, last);
}

void render_csv_number(struct strbuf *sb, const char *number, int last)
{
    strbuf_csv_raw(sb, number, last);
}
