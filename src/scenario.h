/*
 * scenario: a RAFT plan read from YAML (the format: docs/reference.md,
 * section 3).  Loading validates everything: a loaded scenario is one the
 * model can run without checks.  Every number is in base units (tokens,
 * seconds, per second, currency units, fractions) and every number and
 * choice is recorded in the parameter table `params`, which names values by
 * owner and offset (params.h), so that it works on a copy too.
 *
 * The files: scenario.c (validation, variants, what follows a change of a
 * parameter, clones, release, figures derived from the scenario),
 * scenario_load.c (the mappings of the format as key tables, and
 * scenario_load), scenario_backends.c (backends, throughput curves, limits),
 * loader.[ch] (the table reader and the readers they share).
 *
 * Ownership: a struct scenario owns everything it points to (names, arrays,
 * curves, variants, the table), except the catalogues, which it shares with
 * its clones (the last one released frees them).  scenario_release frees it
 * all and accepts a zeroed struct.  A struct scenario must not be copied
 * with '=' (the copy would share its arrays and strings); scenario_clone
 * makes an independent copy.  A report points into the
 * scenario it was computed from.
 *
 * Threads: model_run on different scenarios (clones included) may run at
 * the same time; scenario_clone only reads its source, so several threads
 * may clone one scenario at once.  Changing a curve's model refits it with
 * GSL's error handler switched off: not from several threads at once.
 */
#ifndef RAFTCOST_SCENARIO_H
#define RAFTCOST_SCENARIO_H

#include <stddef.h>

#include "deploy.h"
#include "diag.h"
#include "params.h"
#include "pricing.h"
#include "ranges.h"
#include "scenario_sim.h"

enum routing { ROUTING_CAPACITY, ROUTING_EQUAL };

/* How the RAFT generator spends tokens (generation.dataset). */
struct dataset {
    double corpus_tokens; /* or documents × document_tokens */
    double documents, document_tokens;
    double chunk_tokens;
    double questions_per_chunk;
    double distractors;
    double question_prompt_tokens, answer_prompt_tokens;
    double question_tokens, answer_tokens;
    double keep;
    double example_overhead_tokens;
    double max_examples; /* the generator stops after this many answers (raft.py's
                            --qa-threshold), whole chunks at a time; 0 = no limit */
};

struct generation {
    int present;
    int has_dataset; /* 1: examples and tokens derive from `dataset` */
    struct dataset dataset;
    char *teacher; /* may be NULL */
    double examples;
    double input_tokens, output_tokens; /* totals for the whole job */
    double requests;                    /* calls; default: examples */
    size_t *backends;                   /* indexes into scenario.backends */
    size_t nbackends;
    int routing;       /* enum routing; a choice parameter */
    double deadline_s; /* 0 = no deadline planning */
};

/* fine_tuning.estimate: a run's time from FLOPs. */
struct ft_estimate {
    double parameters;
    int full; /* method, a choice parameter: 0 LoRA, 4 × parameters FLOPs a token; 1 full, 6 × */
    double epochs;
    double train_share;
    double gpus, gpu_flops, mfu;
    double overhead_s;
    double examples, example_tokens; /* 0: from generation */
};

struct fine_tuning {
    int present;
    char *student; /* may be NULL */
    struct training_price price;
    double duration_s; /* per run (hourly prices) */
    double runs;
    double training_tokens; /* per run (per-token prices); 0 when not given */
    int has_estimate;       /* 1: duration and training tokens come from FLOPs */
    struct ft_estimate estimate;
};

struct evaluation {
    int present;
    int questions_is_share;
    double questions;                                 /* a count, or a share of the examples */
    double answer_input_tokens, answer_output_tokens; /* per question, per model */
    struct model_price *models;
    size_t nmodels;
    int has_judge;
    struct model_price judge;
    double metrics;
    double judge_input_tokens, judge_output_tokens; /* per answer, per metric */
};

struct inference {
    int present;
    double horizon_s;
    double requests_per_s;
    double input_tokens, output_tokens; /* per request */
    double growth;                      /* per month, compounding */
    struct traffic_shape shape;         /* peak, daily profile, output lengths (sizing.h) */
    struct deployment *options;         /* count: replicas */
    size_t noptions;
    int has_compare;
    size_t baseline, candidate; /* indexes into options */
    double claim;               /* 0 = no claim */
};

struct variant_setting {
    char *path;
    char *value;
    int line, col;
};

struct variant {
    char *name;
    struct variant_setting *settings;
    size_t nsettings;
};

/* Budget checks; 0 = no budget for that figure. */
struct budget {
    double one_off; /* generation + fine-tuning + evaluation */
    double monthly; /* the candidate's (or each option's) dearest month */
    double horizon; /* totals.horizon */
};

struct scenario_shared; /* what clones share: the catalogues */

struct scenario {
    char *file; /* as given on the command line */
    char *src;  /* its text, for positions in later messages */
    size_t srclen;
    char *name;
    char *currency;
    struct pricing pricing; /* the catalogues are shared with clones */
    struct scenario_shared *shared;
    struct deployment *backends;
    size_t nbackends;
    struct generation generation;
    struct fine_tuning fine_tuning;
    struct evaluation evaluation;
    struct inference inference;
    struct budget budget;
    struct sim_settings simulation; /* scenario_sim.h */
    struct variant *variants;
    size_t nvariants;
    struct params params;
    struct ranges ranges; /* uncertain inputs (ranges.h); present 0: no `ranges:` */
};

/*
 * Loads and validates a scenario and its catalogues.  Returns 0, or -1 with
 * d filled (the position points into the scenario or the catalogue).  On
 * failure the scenario is released already.
 */
int scenario_load(struct scenario *s, const char *path, struct diag *d);
/*
 * The same from text already read (standard input), named name in messages
 * and in the report; relative catalogue paths resolve from the current
 * directory unless name has a '/'.
 */
int scenario_load_text(struct scenario *s, const char *name, const char *text, size_t len,
                       struct diag *d);
/*
 * Checks what spans several numbers (after --set and variants change them).
 * Returns 0 or -1 with d filled.
 */
int scenario_validate(const struct scenario *s, struct diag *d);
/*
 * A cross-check's error about parameter `path`: at its place in the file, or
 * "--set PATH: MESSAGE" when a --set (or variant) gave it its value.  Fills
 * d and returns -1, for the checks of scenario_validate.
 */
int scenario_error_at(const struct scenario *s, const char *path, struct diag *d, const char *fmt,
                      ...) __attribute__((format(printf, 4, 5)));
/* scenario_billing.c: the checks of prices against the requests they serve (scenario_validate's).
 */
int scenario_check_billing(const struct scenario *s, struct diag *d);
/* The capacity keys' checks (scenario_capacity.c), part of scenario_validate. */
int scenario_validate_capacity(const struct scenario *s, struct diag *d);
/* Applies the named variant's settings.  Returns 0 or -1 with d filled. */
int scenario_apply_variant(struct scenario *s, const char *name, struct diag *d);
void scenario_release(struct scenario *s);

/*
 * Makes dst an independent deep copy of src: changing dst through its
 * parameter table leaves src untouched.  The catalogues are shared (they
 * are never changed after loading).  Release dst with scenario_release.
 */
void scenario_clone(const struct scenario *src, struct scenario *dst);

/*
 * What follows a change of param (called by params_set only, after the new
 * value is written): a curve whose model changed is refitted, a curve whose
 * concurrency was set no longer runs at its knee, a backend's new type is
 * checked against the prices it has.  Returns 0, or -1 with *message (the
 * caller frees) and the scenario as before the call.
 */
int scenario_param_changed(struct scenario *s, const struct param *param, char **message);

/*
 * Names (scenario_names.c): what name parameter `param` holds (params.h:
 * NULL for an inline price), and a new name for it: a catalogue model or
 * instance looked up in s's catalogues and copied in, with its price numbers
 * recorded under the parameter's path (the table may grow: `param` may move),
 * an option's index, or a label.  scenario_check_name says whether a name
 * would do without setting it.  0, or -1 with *message (the caller frees)
 * and s unchanged.
 */
const char *scenario_name_of(const struct scenario *s, const struct param *param);
int scenario_set_name(struct scenario *s, const struct param *param, const char *name,
                      char **message);
int scenario_check_name(const struct scenario *s, const struct param *param, const char *name,
                        char **message);

/* For the loader: what a new scenario will share with its clones, held by one. */
struct scenario_shared *scenario_shared_new(void);

/*
 * The names of catalogue c's prices that the scenario uses (backends,
 * fine-tuning, evaluation, inference options), each once, in order of use.
 * Returns an array of *n borrowed names; the caller frees the array.
 */
const char **scenario_prices_used(const struct scenario *s, const struct catalogue *c, size_t *n);

/* Mixes deadline planning would try (1 without a deadline). */
double scenario_plan_size(const struct scenario *s);

/* Months in the inference horizon (a whole number after validation). */
int scenario_horizon_months(const struct scenario *s);

#endif
