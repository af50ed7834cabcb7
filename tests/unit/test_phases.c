/*
 * Unit tests of the dataset volume, the fine-tuning estimate and the
 * evaluation phase: small scenarios with inline prices, every expectation
 * worked out by hand in the comment beside it.
 */
#include <stdlib.h>
#include <unistd.h>

#include "model.h"
#include "scenario.h"
#include "test.h"
#include "util.h"

/* Writes text to a temporary file, loads it and runs the model. */
static int run(const char *text, struct scenario *s, struct report *r)
{
    char path[] = "/tmp/raftcost-test-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
        perror("temporary scenario");
        return -1;
    }
    close(fd);
    struct diag d = DIAG_INIT;
    int rc = scenario_load(s, path, &d);
    if (rc == 0 && (rc = model_run(s, r, &d)) != 0)
        scenario_release(s);
    if (rc)
        diag_render(&d, stderr);
    diag_release(&d);
    unlink(path);
    return rc;
}

static const char dataset_scenario[] =
    "raftcost: 1\n"
    "backends:\n"
    "  api: {type: serverless, model: {input_per_1k: 0.001, output_per_1k: 0.002},"
    " throughput: 100 tok/s}\n"
    "generation:\n"
    "  dataset:\n"
    "    documents: 10\n"
    "    document_tokens: 1000\n"
    "    chunk_tokens: 300\n"
    "    questions_per_chunk: 4\n"
    "    distractors: 2\n"
    "    question_prompt_tokens: 200\n"
    "    answer_prompt_tokens: 500\n"
    "    question_tokens: 10\n"
    "    answer_tokens: 150\n"
    "    keep: 90%\n"
    "    example_overhead_tokens: 20\n"
    "fine_tuning:\n"
    "  price: {per_1k_training_tokens: 0.008}\n"
    "  runs: 2\n"
    "  estimate: {parameters: 7B, method: full, epochs: 2, train_share: 50%, gpus: 8,"
    " gpu_flops: 1000T, mfu: 50%, overhead: 6 min}\n"
    "evaluation:\n"
    "  questions: 25%\n"
    "  answer_tokens: {input: 1000, output: 100}\n"
    "  models: [{input_per_1k: 0.002, output_per_1k: 0.004}, {input_per_1k: 0.001, output_per_1k: "
    "0.001}]\n"
    "  judge: {input_per_1k: 0.01, output_per_1k: 0.03}\n"
    "  metrics: 3\n"
    "  judge_tokens: {input: 500, output: 20}\n";

static void test_dataset_estimate_evaluation(void)
{
    struct scenario s;
    struct report r;
    if (run(dataset_scenario, &s, &r) != 0) {
        CHECK(!"scenario loads");
        return;
    }
    const struct volume *v = &r.generation.volume;
    /* corpus 10 × 1000 = 10,000 tokens; ceil(10000 / 300) = 34 chunks */
    CHECK_NEAR(v->chunks, 34, 1e-12);
    CHECK_NEAR(v->question_calls, 34, 1e-12);
    /* 34 × 4 questions = 136 answer calls; 170 requests */
    CHECK_NEAR(v->answer_calls, 136, 1e-12);
    CHECK_NEAR(v->requests, 170, 1e-12);
    /* floor(136 × 0.9) = floor(122.4) = 122 examples */
    CHECK_NEAR(v->examples, 122, 1e-12);
    /* input: 34 × (200 + 300) + 136 × (500 + 300 + 10) = 17,000 + 110,160 = 127,160 */
    CHECK_NEAR(v->input_tokens, 127160, 1e-12);
    /* output: 34 × 4 × 10 + 136 × 150 = 1,360 + 20,400 = 21,760 */
    CHECK_NEAR(v->output_tokens, 21760, 1e-12);
    /* an example: (2 + 1) × (300 + 7) + 10 + 150 + 20 = 921 + 180 = 1,101 */
    CHECK_NEAR(v->example_tokens, 1101, 1e-12);
    /* generation at 100 tok/s: 21,760 s; cost 127.16 × 0.001 + 21.76 × 0.002 = 0.17068 */
    CHECK_NEAR(r.generation.wall_s, 217.6, 1e-12);
    CHECK_NEAR(r.generation.cost, 0.17068, 1e-12);

    const struct ft_result *f = &r.fine_tuning;
    /* training tokens a run: 122 × 0.5 × 1101 × 2 epochs = 134,322 */
    CHECK_NEAR(f->training_tokens_per_run, 134322, 1e-12);
    CHECK_NEAR(f->training_tokens, 268644, 1e-12);
    /* full fine-tuning: 6 × 7e9 × 134,322 = 5.641524e15 FLOPs */
    CHECK_NEAR(f->flops, 5.641524e15, 1e-12);
    /* 5.641524e15 / (8 × 1e15 × 0.5) = 1.410381 s, + 360 s = 361.410381 s a run */
    CHECK_NEAR(f->run_s, 361.410381, 1e-12);
    CHECK_NEAR(f->duration_s, 2 * 361.410381, 1e-12);
    /* per-token price: 268,644 / 1000 × 0.008 = 2.149152 */
    CHECK_NEAR(f->cost, 2.149152, 1e-12);

    const struct eval_result *e = &r.evaluation;
    /* floor(122 × 25%) = floor(30.5) = 30 questions */
    CHECK_NEAR(e->questions, 30, 1e-12);
    /* answers: 30 × (1 × 0.002 + 0.1 × 0.004) + 30 × (1 × 0.001 + 0.1 × 0.001)
     *        = 30 × 0.0024 + 30 × 0.0011 = 0.072 + 0.033 = 0.105 */
    CHECK_NEAR(e->answer_cost, 0.105, 1e-12);
    /* judge: 30 questions × 2 models × 3 metrics × (0.5 × 0.01 + 0.02 × 0.03)
     *      = 180 × 0.0056 = 1.008 */
    CHECK_NEAR(e->judge_cost, 1.008, 1e-12);
    CHECK_NEAR(e->cost, 1.113, 1e-12);
    /* one-off: 0.17068 + 2.149152 + 1.113 = 3.432832 */
    CHECK_NEAR(r.one_off, 3.432832, 1e-12);
    report_release(&r);
    scenario_release(&s);
}

static const char corpus_scenario[] =
    "raftcost: 1\n"
    "backends:\n"
    "  api: {type: serverless, model: {input_per_1k: 0.001, output_per_1k: 0.002},"
    " throughput: 50}\n"
    "generation:\n"
    "  dataset: {corpus_tokens: 1.2M}\n"
    "fine_tuning:\n"
    "  price: {per_hour: 10}\n"
    "  estimate: {parameters: 1B, gpus: 1, gpu_flops: 100T, mfu: 10%}\n"
    "evaluation:\n"
    "  questions: 40\n"
    "  answer_tokens: {input: 100, output: 10}\n"
    "  models: [{input_per_1k: 1, output_per_1k: 2}]\n";

static void test_defaults(void)
{
    struct scenario s;
    struct report r;
    if (run(corpus_scenario, &s, &r) != 0) {
        CHECK(!"scenario loads");
        return;
    }
    const struct volume *v = &r.generation.volume;
    /* defaults: chunk 128, 5 questions, 3 distractors, prompts 190 / 470,
     * question 12, answer 190, keep 100%, overhead 0.
     * chunks = ceil(1.2M / 128) = ceil(9375) = 9375 */
    CHECK_NEAR(v->chunks, 9375, 1e-12);
    /* 9375 × 5 = 46,875 answer calls = examples */
    CHECK_NEAR(v->examples, 46875, 1e-12);
    /* input: 9375 × (190 + 128) + 46,875 × (470 + 128 + 12) = 2,981,250 + 28,593,750 */
    CHECK_NEAR(v->input_tokens, 31575000, 1e-12);
    /* output: 9375 × 5 × 12 + 46,875 × 190 = 562,500 + 8,906,250 = 9,468,750 */
    CHECK_NEAR(v->output_tokens, 9468750, 1e-12);
    /* example: 4 × 135 + 12 + 190 = 742 */
    CHECK_NEAR(v->example_tokens, 742, 1e-12);
    /* LoRA, 1 epoch, 80%: 46,875 × 0.8 × 742 = 27,825,000 tokens;
     * 4 × 1e9 × 27,825,000 = 1.113e17 FLOPs; / (1 × 1e14 × 0.1) = 11,130 s */
    CHECK_NEAR(r.fine_tuning.flops, 1.113e17, 1e-12);
    CHECK_NEAR(r.fine_tuning.duration_s, 11130.0, 1e-12);
    /* 3.091667 h × $10 = $30.916667 */
    CHECK_NEAR(r.fine_tuning.cost, 111300.0 / 3600, 1e-12);
    /* 40 questions × (0.1 × 1 + 0.01 × 2) = 40 × 0.12 = 4.8; no judge */
    CHECK_NEAR(r.evaluation.questions, 40, 1e-12);
    CHECK_NEAR(r.evaluation.judge_cost, 0, 1e-12);
    CHECK_NEAR(r.evaluation.cost, 4.8, 1e-12);
    report_release(&r);
    scenario_release(&s);
}

int main(void)
{
    test_dataset_estimate_evaluation();
    test_defaults();
    TEST_END("phases");
}
