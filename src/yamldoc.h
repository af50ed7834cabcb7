/*
 * yamldoc: libyaml's document API with the checks every raftcost file needs.
 * Loading refuses anchors, aliases, tags, several documents and nesting
 * deeper than YAMLDOC_MAX_DEPTH before the document is built, so any input is
 * read in time linear in its size.  The helpers check a mapping's keys
 * against a table (unknown keys, with a suggestion, and duplicates) and read
 * scalars; every error carries the node's position.
 *
 * Ownership: a struct yamldoc owns its file name, its text and its libyaml
 * document; yamldoc_release frees them (and accepts a zeroed struct).  The
 * nodes and strings it hands out are borrowed: they live until the release.
 * The diag it fills is the caller's.  Not to be copied with '='.
 */
#ifndef RAFTCOST_YAMLDOC_H
#define RAFTCOST_YAMLDOC_H

#include <stddef.h>
#include <yaml.h>

#include "diag.h"

#define YAMLDOC_MAX_DEPTH 32

struct yamldoc {
    char *file; /* as named to the user */
    char *src;  /* the file's text */
    size_t srclen;
    yaml_document_t doc;
    int loaded;
    struct diag *diag;
    int *key_of; /* node id -> id of the key whose value it is; 0 for none */
};

/* Reads and parses path.  Returns 0, or -1 with d filled. */
int yamldoc_load(struct yamldoc *y, const char *path, struct diag *d);
/* Parses a copy of text (len bytes, read already), named name in messages. */
int yamldoc_load_text(struct yamldoc *y, const char *name, const char *text, size_t len,
                      struct diag *d);
void yamldoc_release(struct yamldoc *y);

yaml_node_t *yamldoc_root(struct yamldoc *y);
yaml_node_t *yamldoc_node(struct yamldoc *y, int id);

/* Records an error at node (the first error wins); returns -1. */
int yamldoc_error(struct yamldoc *y, const yaml_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Records an error about a mapping as a whole, such as a missing key: at the
 * key that names the mapping ("inference:"), where there is one, else at the
 * mapping.  Returns -1.
 */
int yamldoc_error_in(struct yamldoc *y, const yaml_node_t *map, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 1-based position of a node. */
int yamldoc_line(const yaml_node_t *node);
int yamldoc_col(const yaml_node_t *node);

/*
 * Checks that node is a mapping whose keys are plain scalars from `allowed`
 * (NULL-terminated; NULL allows any key), none twice.  `what` names the
 * mapping in messages ("'backends.maap'").
 */
int yamldoc_check_map(struct yamldoc *y, yaml_node_t *node, const char *what,
                      const char *const *allowed);
/* The value of key in a checked mapping, or NULL. */
yaml_node_t *yamldoc_get(struct yamldoc *y, yaml_node_t *map, const char *key);
/* The i-th key and value of a mapping. */
size_t yamldoc_map_size(const yaml_node_t *map);
const char *yamldoc_key_at(struct yamldoc *y, yaml_node_t *map, size_t i, yaml_node_t **key,
                           yaml_node_t **value);

/* The text of a scalar node; an error (and NULL) for other nodes. */
const char *yamldoc_scalar(struct yamldoc *y, yaml_node_t *node, const char *what);
/* A non-empty string scalar. */
const char *yamldoc_string(struct yamldoc *y, yaml_node_t *node, const char *what);
const char *yamldoc_type_name(const yaml_node_t *node);

#endif
