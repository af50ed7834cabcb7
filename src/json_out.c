/* json_out: numbers and times as the JSON writers add them (json_out.h). */
#include "json_out.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timestamp.h"
#include "util.h"

void json_add_number(cJSON *o, const char *key, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

void json_add_time(cJSON *o, const char *key, double t)
{
    if (!isfinite(t)) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    char buf[32];
    timestamp_format(t, buf, sizeof buf);
    char *space = strchr(buf, ' ');
    if (space)
        *space = 'T';
    cJSON_AddStringToObject(o, key, buf);
}

char *json_print(cJSON *root)
{
    char *printed = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!printed)
        return NULL;
    char *text = xasprintf("%s\n", printed);
    cJSON_free(printed);
    return text;
}
