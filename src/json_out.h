/*
 * json_out: the two cJSON members every JSON writer adds the same way.  A
 * number that is not finite (no value, or a time that never ends) is null,
 * as JSON has no NaN or infinity; a time is its UTC timestamp
 * ("2024-06-04T08:15:00Z"), null when there is none.
 *
 * Ownership: the members belong to the object they are added to.
 */
#ifndef RAFTCOST_JSON_OUT_H
#define RAFTCOST_JSON_OUT_H

struct cJSON;

/* o[key] = v, or null when v is NaN or infinite. */
void json_add_number(struct cJSON *o, const char *key, double v);
/*
 * The document root as cJSON prints it, with a final newline (as every text
 * file has), in a string the caller frees; root is deleted.  NULL when root
 * is NULL or printing it ran out of memory.
 */
char *json_print(struct cJSON *root);
/* o[key] = the epoch time t as an ISO 8601 UTC timestamp, or null when t is not finite. */
void json_add_time(struct cJSON *o, const char *key, double t);

#endif
